"""Abstract models every domain row builds on."""

import uuid

from django.db import models


class PublicIdModel(models.Model):
    """A row exposed outside (URL, API, letter) by an opaque UUID, never by its sequence."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
