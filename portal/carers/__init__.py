"""Family carers and legal representatives acting for a person, within a mandate."""
