"""The composition root hands the site's settings to the services it builds."""

from __future__ import annotations

import os
from datetime import time, timedelta

from console.cli import open_database
from console.models import utcnow
from console.services.supervision import Health
from console.settings import build_settings
from tests.factories import add_directory_service, make_contact
from ui.app import _build_context


def test_the_desk_is_built_with_the_site_files_hours_and_health_thresholds(tmp_path, db_path):
    site = tmp_path / "site.toml"
    site.write_text('[hours]\ncloses = "17:00"\n[queue_health]\namber_wait_minutes = 2\nred_wait_minutes = 10\n'
                    '[directory]\nstale_after_months = 6\n')
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path / "data"), "HOTLINE_SITE_CONFIG": str(site),
           "HOTLINE_USER": "dreyes"}
    settings = build_settings(db_url=str(db_path), env=env)
    db = open_database(settings)
    context = _build_context(settings, db)
    try:
        assert context.intake.hours.settings.closes == time(17)
        make_contact(db, priority="urgent", received_at=utcnow() - timedelta(minutes=3))
        assert context.supervision.overview().health is Health.AMBER  # the default would still be GREEN
        verified = utcnow().date() - timedelta(days=200)  # fresh by the default 12 months, stale by the site's 6
        service = add_directory_service(db, "Shelter line", "Safe Harbor", assured_date=verified)
        assert context.directory.details(service).stale
    finally:
        context.feed.close()
        db.dispose()
