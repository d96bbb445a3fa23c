"""The ping of TubeArchivist's API: who asked, and the version."""
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class PingView(APIView):
    """GET /api/ping/: token-authenticated (one indexed read of authtoken_token joined to auth_user)."""

    def get(self, request):
        return Response({"response": "pong", "user": request.user.id, "version": "v0.4.13"})


class HealthView(APIView):
    """GET /health/: readiness, for the bench's start-up wait."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"status": "ok"})
