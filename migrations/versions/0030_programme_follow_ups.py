"""programme_follow_up and person.district: staff follow the programmes through, by district, with
the indexes the staff programme list needs at national scale (issue #24, point 1)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 15:28:22.846570

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_number', sa.String(length=40), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.Column('person_iin', sa.String(length=12), nullable=False),
    sa.Column('region', sa.Enum('abai', 'akmola', 'aktobe', 'almaty_region', 'atyrau', 'west_kazakhstan', 'zhambyl', 'zhetisu', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'pavlodar', 'north_kazakhstan', 'turkistan', 'ulytau', 'east_kazakhstan', 'astana', 'almaty', 'shymkent', name='follow_up_region', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('action', sa.Enum('called_provider', 'escalated', 'contacted_person', name='follow_up_action', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('next_look_on', sa.Date(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_programme_follow_up_staff_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_follow_up'))
    )
    with op.batch_alter_table('programme_follow_up', schema=None) as batch_op:
        batch_op.create_index('ix_programme_follow_up_item', ['programme_number', 'line', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_follow_up_person_iin'), ['person_iin'], unique=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('district', sa.String(length=100), nullable=True))
        batch_op.create_index('ix_person_region_district', ['region', 'district'], unique=False)

    with op.batch_alter_table('programme_item', schema=None) as batch_op:
        batch_op.create_index('ix_programme_item_open', ['programme_id', 'due_date'], unique=False, postgresql_where=sa.text("status <> 'provided'"), sqlite_where=sa.text("status <> 'provided'"))

    with op.batch_alter_table('rehabilitation_programme', schema=None) as batch_op:
        batch_op.create_index('ix_rehabilitation_programme_person_drawn_up_on', ['person_id', 'drawn_up_on'], unique=False)



def downgrade():
    with op.batch_alter_table('rehabilitation_programme', schema=None) as batch_op:
        batch_op.drop_index('ix_rehabilitation_programme_person_drawn_up_on')

    with op.batch_alter_table('programme_item', schema=None) as batch_op:
        batch_op.drop_index('ix_programme_item_open', postgresql_where=sa.text("status <> 'provided'"), sqlite_where=sa.text("status <> 'provided'"))

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_region_district')
        batch_op.drop_column('district')

    with op.batch_alter_table('programme_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_follow_up_person_iin'))
        batch_op.drop_index('ix_programme_follow_up_item')

    op.drop_table('programme_follow_up')
