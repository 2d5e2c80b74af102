"""programme_follow_up and person.district: staff follow the programmes through, by district, with
the indexes the staff programme list needs at national scale; programme_item keeps copies of its
person's region and district and whether its programme is the person's newest (issue #24, point 1)

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

OPEN = sa.text("status <> 'provided' AND newest")


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
        batch_op.add_column(sa.Column('region', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('district', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('newest', sa.Boolean(), server_default=sa.false(), nullable=False))
    # The copies the importer keeps in step from now on: the person's region (no district yet) and
    # whether the item's programme is the person's newest.
    op.execute("""
        UPDATE programme_item SET
            region = (SELECT person.region FROM rehabilitation_programme
                      JOIN person ON person.id = rehabilitation_programme.person_id
                      WHERE rehabilitation_programme.id = programme_item.programme_id),
            newest = NOT EXISTS (
                SELECT 1 FROM rehabilitation_programme
                JOIN rehabilitation_programme newer ON newer.person_id = rehabilitation_programme.person_id
                 AND (newer.drawn_up_on > rehabilitation_programme.drawn_up_on
                      OR (newer.drawn_up_on = rehabilitation_programme.drawn_up_on
                          AND newer.id > rehabilitation_programme.id))
                WHERE rehabilitation_programme.id = programme_item.programme_id)
    """)
    with op.batch_alter_table('programme_item', schema=None) as batch_op:
        batch_op.create_index('ix_programme_item_open', ['region', 'due_date', 'id'], unique=False, postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.create_index('ix_programme_item_open_district', ['region', 'district', 'due_date', 'id'], unique=False, postgresql_where=OPEN, sqlite_where=OPEN)

    with op.batch_alter_table('rehabilitation_programme', schema=None) as batch_op:
        batch_op.create_index('ix_rehabilitation_programme_person_drawn_up_on', ['person_id', 'drawn_up_on'], unique=False)



def downgrade():
    with op.batch_alter_table('rehabilitation_programme', schema=None) as batch_op:
        batch_op.drop_index('ix_rehabilitation_programme_person_drawn_up_on')

    with op.batch_alter_table('programme_item', schema=None) as batch_op:
        batch_op.drop_index('ix_programme_item_open_district', postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_index('ix_programme_item_open', postgresql_where=OPEN, sqlite_where=OPEN)
        batch_op.drop_column('newest')
        batch_op.drop_column('district')
        batch_op.drop_column('region')

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_region_district')
        batch_op.drop_column('district')

    with op.batch_alter_table('programme_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_follow_up_person_iin'))
        batch_op.drop_index('ix_programme_follow_up_item')

    op.drop_table('programme_follow_up')
