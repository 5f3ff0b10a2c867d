"""The Qt layer: windows and widgets that show what the core computed."""
