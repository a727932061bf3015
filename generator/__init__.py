"""healthboard: health-education bulletin boards and their residents' website."""
