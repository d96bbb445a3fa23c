#!/usr/bin/env python3
"""Django's command-line entry point for the bench's DRF project (migrate, shell)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchdrf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
