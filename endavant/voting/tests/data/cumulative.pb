META
key;value
description;Hand-written cumulative vote with quoted fields
country;France
unit;Example
instance;2026
num_projects;4
num_votes;5
budget;10000.50
vote_type;cumulative
max_sum_points;5
rule;greedy
PROJECTS
project_id;cost;votes;score;name;category
A;4000;3;8;"Jardins partagés; rue des Lilas";environment,public space
B;2500.25;3;7;"Le ""grand"" banc";public space
C;6000;2;6;Skatepark;sport
D;1200;1;1;Boîte à livres;culture
VOTES
voter_id;vote;points;age
v1;A,B;3,2;34
v2;C,A;4,1;51
v3;B,C,D;3,1,1;
v4;A;4;27
v5;B,C;2,1;62
