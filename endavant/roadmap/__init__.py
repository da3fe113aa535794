"""The programme and its roadmap: domains, ballots, orientations, actions, versions, origins."""
