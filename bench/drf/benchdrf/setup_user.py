"""Run by `manage.py shell`: one user and its DRF token; prints the token key."""
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

user, _ = User.objects.get_or_create(username="bench1")
token, _ = Token.objects.get_or_create(user=user)
print(f"TOKEN={token.key}")
