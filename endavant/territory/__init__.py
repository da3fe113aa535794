"""The territory: départements, communes, zonings, the isolation indicator, broadband coverage."""
