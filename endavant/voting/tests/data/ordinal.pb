META
key;value
description;Hand-written ordinal vote
num_projects;3
num_votes;3
budget;300
vote_type;ordinal
max_length;3
PROJECTS
project_id;cost
x;100
y;150
z;200
VOTES
voter_id;vote
1;x,y,z
2;z,x
3;y
