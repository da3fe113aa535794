from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "endavant.roadmap"
    label = "roadmap"
    verbose_name = _("Programme and roadmap")
