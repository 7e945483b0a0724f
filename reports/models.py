"""Published, versioned copies of a meeting's result document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from council.models import Meeting


def published_path(instance: PublishedResult, filename: str) -> str:
    return f"published/{instance.meeting_id}/v{instance.version}/{filename}"


class PublishedResult(models.Model):
    """A frozen version of the result document; later edits never change it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="publications")
    version = models.PositiveIntegerField(_("판"))
    published_at = models.DateTimeField(_("공개 시각"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    html = models.TextField()
    pdf = models.FileField(upload_to=published_path)
    pdf_sha256 = models.CharField(max_length=64)
    xlsx = models.FileField(upload_to=published_path)
    xlsx_sha256 = models.CharField(max_length=64)
    # For 한글; versions published before HWPX existed have none (blank).
    hwpx = models.FileField(upload_to=published_path, blank=True)
    hwpx_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("공개된 회의 결과")
        verbose_name_plural = _("공개된 회의 결과")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="unique_result_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    def stored_files(self) -> list:
        """Every file this version keeps in storage (older versions have no HWPX)."""
        return [f for f in (self.pdf, self.xlsx, self.hwpx) if f]
