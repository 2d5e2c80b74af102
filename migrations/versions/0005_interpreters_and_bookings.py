"""interpreters: interpreters, bookings, held slots and yearly quotas

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 21:53:36.558775

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # A message may be about a booking as well as a decision.
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('decision_number', new_column_name='about', existing_type=sa.String(length=40))

    op.create_table('interpreter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.Enum('abai', 'akmola', 'aktobe', 'almaty_region', 'atyrau', 'west_kazakhstan', 'zhambyl', 'zhetisu', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'pavlodar', 'north_kazakhstan', 'turkistan', 'ulytau', 'east_kazakhstan', 'astana', 'almaty', 'shymkent', name='interpreter_region', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('in_person', sa.Boolean(), nullable=False),
    sa.Column('video', sa.Boolean(), nullable=False),
    sa.Column('work_starts', sa.Time(), nullable=False),
    sa.Column('work_ends', sa.Time(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interpreter')),
    sa.UniqueConstraint('username', name=op.f('uq_interpreter_username'))
    )
    op.create_table('interpreter_quota',
    sa.Column('person_iin', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('granted_minutes', sa.Integer(), nullable=False),
    sa.Column('charged_minutes', sa.Integer(), nullable=False),
    sa.CheckConstraint('charged_minutes >= 0 AND charged_minutes <= granted_minutes', name=op.f('ck_interpreter_quota_within_quota')),
    sa.PrimaryKeyConstraint('person_iin', 'year', name=op.f('pk_interpreter_quota'))
    )
    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('person_iin', sa.String(length=12), nullable=False),
    sa.Column('booked_by_iin', sa.String(length=12), nullable=False),
    sa.Column('region', sa.Enum('abai', 'akmola', 'aktobe', 'almaty_region', 'atyrau', 'west_kazakhstan', 'zhambyl', 'zhetisu', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'pavlodar', 'north_kazakhstan', 'turkistan', 'ulytau', 'east_kazakhstan', 'astana', 'almaty', 'shymkent', name='booking_region', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('interpreter_id', sa.Integer(), nullable=True),
    sa.Column('mode', sa.Enum('in_person', 'video', name='booking_mode', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('purpose', sa.Enum('hospital', 'court', 'work', 'education', 'other', name='booking_purpose', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'confirmed', 'no_interpreter', 'cancelled', 'late_cancelled', 'completed', 'no_show', name='booking_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('video_link', sa.String(length=300), nullable=True),
    sa.Column('series', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes > 0 AND minutes % 30 = 0', name=op.f('ck_booking_half_hours')),
    sa.ForeignKeyConstraint(['interpreter_id'], ['interpreter.id'], name=op.f('fk_booking_interpreter_id_interpreter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking')),
    sa.UniqueConstraint('reference', name=op.f('uq_booking_reference'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_interpreter_starts', ['interpreter_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_person_iin'), ['person_iin'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_series'), ['series'], unique=False)

    op.create_table('interpreter_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interpreter_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_interpreter_slot_booking_id_booking')),
    sa.ForeignKeyConstraint(['interpreter_id'], ['interpreter.id'], name=op.f('fk_interpreter_slot_interpreter_id_interpreter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interpreter_slot')),
    sa.UniqueConstraint('interpreter_id', 'starts_at', name='uq_interpreter_slot_once')
    )
    with op.batch_alter_table('interpreter_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interpreter_slot_booking_id'), ['booking_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('about', new_column_name='decision_number', existing_type=sa.String(length=40))

    with op.batch_alter_table('interpreter_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interpreter_slot_booking_id'))

    op.drop_table('interpreter_slot')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_series'))
        batch_op.drop_index(batch_op.f('ix_booking_person_iin'))
        batch_op.drop_index('ix_booking_interpreter_starts')

    op.drop_table('booking')
    op.drop_table('interpreter_quota')
    op.drop_table('interpreter')
    # ### end Alembic commands ###
