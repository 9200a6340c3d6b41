"""/api/v1/api-keys/: force administrators make and revoke partners' API keys.

The raw key is in the response to the POST that makes it, and nowhere else, ever.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import services
from accounts.models import APIKey
from accounts.selectors import api_keys_visible
from npms.api_fields import ScopedPrimaryKeyRelatedField, validated
from npms.permissions import ForceAdminOnly
from npms.scope import Scope
from teams.selectors import partners_visible


class APIKeySerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = APIKey
        fields = [
            "id",
            "partner",
            "name",
            "prefix",
            "created_by",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
            "is_active",
        ]


class APIKeyCreatedSerializer(APIKeySerializer):
    key = serializers.CharField(
        read_only=True, help_text="The key itself. Shown only in this response: store it now."
    )

    class Meta(APIKeySerializer.Meta):
        fields = [*APIKeySerializer.Meta.fields, "key"]


class APIKeyInput(serializers.Serializer):
    partner = ScopedPrimaryKeyRelatedField(scope=partners_visible)
    name = serializers.CharField(max_length=100)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class APIKeyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Partners' API keys in the administrator's force (force administrators only)."""

    serializer_class = APIKeySerializer
    permission_classes = [ForceAdminOnly]
    filterset_fields = ["partner"]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return api_keys_visible(Scope.of(self.request.user)).order_by("-created_at", "-id")

    @extend_schema(request=APIKeyInput, responses={201: APIKeyCreatedSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(APIKeyInput, request)
        key, raw = services.api_key_create(created_by=request.user, **data)
        key.key = raw
        return Response(APIKeyCreatedSerializer(key).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: APIKeySerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke the key at once: later requests with it get 401."""
        key = services.api_key_revoke(key=self.get_object(), revoked_by=request.user)
        return Response(APIKeySerializer(key).data)
