with shipping as (
    select
        n1.n_name as supp_nation,
        n2.n_name as cust_nation,
        year(l_shipdate) as l_year,
        l_extendedprice * (1 - l_discount) as volume
    from supplier
    join lineitem
        on s_suppkey = l_suppkey
    join orders
        on o_orderkey = l_orderkey
    join customer
        on c_custkey = o_custkey
    join nation as n1
        on s_nationkey = n1.n_nationkey
    join nation as n2
        on c_nationkey = n2.n_nationkey
    where
        (
            (n1.n_name = 'FRANCE' and n2.n_name = 'GERMANY')
            or (n1.n_name = 'GERMANY' and n2.n_name = 'FRANCE')
        )
        and l_shipdate between '1995-01-01'::date and '1996-12-31'::date
)

select
    supp_nation,
    cust_nation,
    l_year,
    sum(volume) as revenue
from shipping
group by 1, 2, 3
order by
    supp_nation,
    cust_nation,
    l_year;
