"""Post-clearance audit: the tasks a blue-lane release opens and officers close with a finding."""
