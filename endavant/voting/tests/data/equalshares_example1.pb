META
key;value
description;equalshares.net Explanation, Example 1
num_projects;5
num_votes;11
budget;1100
vote_type;approval
rule;equalshares
PROJECTS
project_id;cost;name
bike;700;bike path
gym;400;outdoor gym
park;250;new park
playground;200;new playground
library;100;library for kids
VOTES
voter_id;vote
1;bike,gym
2;bike,gym,park
3;bike,gym
4;bike,gym,park
5;bike,gym,park
6;bike,gym
7;park,playground,library
8;playground
9;playground,library
10;park,playground,library
11;bike
