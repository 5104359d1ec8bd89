{{ config(target='events') }}
-- Lands on SQLite and reads only SQLite: no federation.
select date(viewed_at) as day, count(*) as views
from {{ source('events', 'page_views') }}
group by 1
