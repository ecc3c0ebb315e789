"""Staff and reporter pages for agreements, targets and quotas (split by feature)."""
