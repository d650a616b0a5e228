"""Initial schema: users, contacts and their parts, the HSDS-shaped directory,
and on SQLite the FTS5 index over the directory's search documents.

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 01:12:00.919418
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# The FTS5 index mirrors service_search.document (external content): the
# triggers keep it in step with every insert, update and delete, so the
# application only ever writes service_search.
FTS_SQL = (
    """CREATE VIRTUAL TABLE service_search_fts USING fts5(
        document, content='service_search', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER service_search_ai AFTER INSERT ON service_search BEGIN
        INSERT INTO service_search_fts(rowid, document) VALUES (new.id, new.document);
    END""",
    """CREATE TRIGGER service_search_ad AFTER DELETE ON service_search BEGIN
        INSERT INTO service_search_fts(service_search_fts, rowid, document)
        VALUES ('delete', old.id, old.document);
    END""",
    """CREATE TRIGGER service_search_au AFTER UPDATE ON service_search BEGIN
        INSERT INTO service_search_fts(service_search_fts, rowid, document)
        VALUES ('delete', old.id, old.document);
        INSERT INTO service_search_fts(rowid, document) VALUES (new.id, new.document);
    END""",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS service_search_au",
    "DROP TRIGGER IF EXISTS service_search_ad",
    "DROP TRIGGER IF EXISTS service_search_ai",
    "DROP TABLE IF EXISTS service_search_fts",
)


def upgrade() -> None:
    
    op.create_table('organization',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('alternate_name', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('tax_status', sa.String(length=100), nullable=True),
    sa.Column('tax_id', sa.String(length=100), nullable=True),
    sa.Column('year_incorporated', sa.Integer(), nullable=True),
    sa.Column('legal_status', sa.String(length=100), nullable=True),
    sa.Column('uri', sa.String(length=500), nullable=True),
    sa.Column('parent_organization_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['parent_organization_id'], ['organization.id'], name=op.f('fk_organization_parent_organization_id_organization'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization'))
    )
    op.create_table('taxonomy',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('uri', sa.String(length=500), nullable=True),
    sa.Column('version', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy')),
    sa.UniqueConstraint('name', name=op.f('uq_taxonomy_name'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('interpreter_language', sa.String(length=8), nullable=True),
    sa.Column('primary_request', sa.String(length=32), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('priority', sa.String(length=32), nullable=False),
    sa.Column('priority_rank', sa.SmallInteger(), nullable=False),
    sa.Column('non_data_outcome', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('caller_type', sa.String(length=32), nullable=False),
    sa.Column('caller_anonymous', sa.Boolean(), nullable=False),
    sa.Column('caller_name', sa.String(length=120), nullable=True),
    sa.Column('caller_safe_phone', sa.String(length=32), nullable=True),
    sa.Column('caller_safe_times', sa.String(length=200), nullable=True),
    sa.Column('caller_may_leave_message', sa.String(length=32), nullable=False),
    sa.Column('caller_code_word', sa.String(length=60), nullable=True),
    sa.Column('caller_city', sa.String(length=80), nullable=True),
    sa.Column('caller_state', sa.String(length=2), nullable=True),
    sa.Column('caller_zip', sa.String(length=10), nullable=True),
    sa.Column('caller_heard_about', sa.String(length=200), nullable=True),
    sa.Column('caller_history', sa.String(length=32), nullable=False),
    sa.Column('trafficking_type', sa.String(length=32), nullable=False),
    sa.Column('venue', sa.String(length=32), nullable=False),
    sa.Column('indicators', sa.Text(), nullable=True),
    sa.Column('immediate_danger', sa.Boolean(), nullable=False),
    sa.Column('emergency_needs', sa.String(length=120), nullable=False),
    sa.Column('consent_law_enforcement', sa.String(length=32), nullable=False),
    sa.Column('consent_service_providers', sa.String(length=32), nullable=False),
    sa.Column('mandated_report', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('materials_sent', sa.Text(), nullable=True),
    sa.Column('tip_forwarded_to', sa.String(length=200), nullable=True),
    sa.Column('tip_forwarded_at', sa.DateTime(), nullable=True),
    sa.Column('follow_up_due', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['users.id'], name=op.f('fk_contacts_assigned_to_id_users')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_contacts_entered_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index('ix_contacts_queue', ['status', 'priority_rank', 'received_at'], unique=False)

    op.create_table('location',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('location_type', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('alternate_name', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('transportation', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_location_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location'))
    )
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_location_organization_id'), ['organization_id'], unique=False)

    op.create_table('service',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('alternate_name', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('interpretation_services', sa.Text(), nullable=True),
    sa.Column('application_process', sa.Text(), nullable=True),
    sa.Column('fees_description', sa.Text(), nullable=True),
    sa.Column('eligibility_description', sa.Text(), nullable=True),
    sa.Column('minimum_age', sa.Integer(), nullable=True),
    sa.Column('maximum_age', sa.Integer(), nullable=True),
    sa.Column('assured_date', sa.Date(), nullable=True),
    sa.Column('assurer_email', sa.String(length=200), nullable=True),
    sa.Column('alert', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_service_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service'))
    )
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_organization_id'), ['organization_id'], unique=False)

    op.create_table('taxonomy_term',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('parent_id', sa.String(length=64), nullable=True),
    sa.Column('taxonomy_id', sa.String(length=64), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('term_uri', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['taxonomy_term.id'], name=op.f('fk_taxonomy_term_parent_id_taxonomy_term'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['taxonomy_id'], ['taxonomy.id'], name=op.f('fk_taxonomy_term_taxonomy_id_taxonomy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_taxonomy_term')),
    sa.UniqueConstraint('taxonomy_id', 'code', name=op.f('uq_taxonomy_term_taxonomy_id'))
    )
    with op.batch_alter_table('taxonomy_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taxonomy_term_taxonomy_id'), ['taxonomy_id'], unique=False)

    op.create_table('address',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('attention', sa.String(length=200), nullable=True),
    sa.Column('address_1', sa.String(length=300), nullable=False),
    sa.Column('address_2', sa.String(length=300), nullable=True),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=120), nullable=True),
    sa.Column('state_province', sa.String(length=60), nullable=False),
    sa.Column('postal_code', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('address_type', sa.String(length=32), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_address_location_id_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_address'))
    )
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_address_location_id'), ['location_id'], unique=False)
        batch_op.create_index('ix_address_state_city', ['state_province', 'city'], unique=False)

    op.create_table('attribute',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('link_id', sa.String(length=64), nullable=False),
    sa.Column('taxonomy_term_id', sa.String(length=64), nullable=False),
    sa.Column('link_type', sa.String(length=60), nullable=True),
    sa.Column('link_entity', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['taxonomy_term.id'], name=op.f('fk_attribute_taxonomy_term_id_taxonomy_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attribute'))
    )
    with op.batch_alter_table('attribute', schema=None) as batch_op:
        batch_op.create_index('ix_attribute_link', ['link_entity', 'link_id'], unique=False)
        batch_op.create_index('ix_attribute_term_link', ['taxonomy_term_id', 'link_id'], unique=False)

    op.create_table('contact_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_events_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_contact_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_events'))
    )
    with op.batch_alter_table('contact_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_events_contact_id'), ['contact_id'], unique=False)

    op.create_table('contact_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('request_type', sa.String(length=32), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_requests_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_requests')),
    sa.UniqueConstraint('contact_id', 'request_type', name=op.f('uq_contact_requests_contact_id'))
    )
    with op.batch_alter_table('contact_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_requests_contact_id'), ['contact_id'], unique=False)

    op.create_table('phone',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('extension', sa.String(length=20), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_phone_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_phone_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_phone_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone'))
    )
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_service_id'), ['service_id'], unique=False)

    op.create_table('potential_victims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('count', sa.SmallInteger(), nullable=False),
    sa.Column('age_group', sa.String(length=32), nullable=False),
    sa.Column('gender', sa.String(length=32), nullable=False),
    sa.Column('citizenship', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('city', sa.String(length=80), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_potential_victims_contact_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_potential_victims'))
    )
    with op.batch_alter_table('potential_victims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_potential_victims_contact_id'), ['contact_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('service_name', sa.String(length=300), nullable=False),
    sa.Column('organization_name', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_referrals_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_referrals_created_by_id_users')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_referrals_service_id_service'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_service_id'), ['service_id'], unique=False)

    op.create_table('service_at_location',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_service_at_location_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_at_location_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_at_location'))
    )
    with op.batch_alter_table('service_at_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_at_location_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_at_location_service_id'), ['service_id'], unique=False)

    op.create_table('service_search',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('organization_name', sa.String(length=300), nullable=False),
    sa.Column('service_name', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=True),
    sa.Column('state', sa.String(length=60), nullable=True),
    sa.Column('categories', sa.String(length=400), nullable=False),
    sa.Column('populations', sa.String(length=400), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_search_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_search')),
    sa.UniqueConstraint('service_id', name=op.f('uq_service_search_service_id'))
    )
    with op.batch_alter_table('service_search', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_search_state'), ['state'], unique=False)

    op.create_table('language',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('phone_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('code', sa.String(length=8), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_language_location_id_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phone_id'], ['phone.id'], name=op.f('fk_language_phone_id_phone'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_language_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_language'))
    )
    with op.batch_alter_table('language', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_language_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_language_phone_id'), ['phone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_language_service_id'), ['service_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_SQL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DROP:
            op.execute(statement)
    
    with op.batch_alter_table('language', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_language_service_id'))
        batch_op.drop_index(batch_op.f('ix_language_phone_id'))
        batch_op.drop_index(batch_op.f('ix_language_location_id'))

    op.drop_table('language')
    with op.batch_alter_table('service_search', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_search_state'))

    op.drop_table('service_search')
    with op.batch_alter_table('service_at_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_at_location_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_at_location_location_id'))

    op.drop_table('service_at_location')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_service_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_contact_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('potential_victims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_potential_victims_contact_id'))

    op.drop_table('potential_victims')
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_service_id'))
        batch_op.drop_index(batch_op.f('ix_phone_organization_id'))
        batch_op.drop_index(batch_op.f('ix_phone_location_id'))

    op.drop_table('phone')
    with op.batch_alter_table('contact_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_requests_contact_id'))

    op.drop_table('contact_requests')
    with op.batch_alter_table('contact_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_events_contact_id'))

    op.drop_table('contact_events')
    with op.batch_alter_table('attribute', schema=None) as batch_op:
        batch_op.drop_index('ix_attribute_term_link')
        batch_op.drop_index('ix_attribute_link')

    op.drop_table('attribute')
    with op.batch_alter_table('address', schema=None) as batch_op:
        batch_op.drop_index('ix_address_state_city')
        batch_op.drop_index(batch_op.f('ix_address_location_id'))

    op.drop_table('address')
    with op.batch_alter_table('taxonomy_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taxonomy_term_taxonomy_id'))

    op.drop_table('taxonomy_term')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_organization_id'))

    op.drop_table('service')
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_organization_id'))

    op.drop_table('location')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_queue')

    op.drop_table('contacts')
    op.drop_table('users')
    op.drop_table('taxonomy')
    op.drop_table('organization')

