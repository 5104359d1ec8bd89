with revenue as (
    select
        l_suppkey as supplier_no,
        sum(l_extendedprice * (1 - l_discount)) as total_revenue
    from lineitem
    where l_shipdate >= '1996-01-01'::date
      and l_shipdate < '1996-01-01'::date + interval 3 month
    group by supplier_no
)
select
    s_suppkey,
    s_name,
    s_address,
    s_phone,
    total_revenue
from supplier
join revenue on s_suppkey = supplier_no
where total_revenue = (select max(total_revenue) from revenue)
order by s_suppkey;
