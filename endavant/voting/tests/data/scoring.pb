META
key;value
description;Hand-written scoring vote (negative scores allowed)
num_projects;3
num_votes;2
budget;250
vote_type;scoring
min_points;-2
max_points;2
PROJECTS
project_id;cost
x;100
y;150
z;200
VOTES
voter_id;vote;points
1;y,x,z;2,1,-2
2;z,x;2,-1
