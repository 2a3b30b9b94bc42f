"""Training the shipped models from data in ../shared (run by ``rasd train``, never at analysis time)."""
