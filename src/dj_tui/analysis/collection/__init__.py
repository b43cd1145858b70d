"""The collection stage: ranking across reports, grouping into regions, the cross-region view."""
