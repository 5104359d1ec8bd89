with german_partsupp as (
    select
        ps_partkey,
        ps_supplycost,
        ps_availqty
    from partsupp
    join supplier
        on ps_suppkey = s_suppkey
    join nation
        on s_nationkey = n_nationkey
    where n_name = 'GERMANY'
)

select
    ps_partkey,
    sum(ps_supplycost * ps_availqty) as value
from german_partsupp
group by ps_partkey
having
    sum(ps_supplycost * ps_availqty) > (
        select sum(ps_supplycost * ps_availqty) * 0.0001000000
        from german_partsupp
    )
order by value desc;
