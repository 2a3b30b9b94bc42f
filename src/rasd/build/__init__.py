"""Build-time steps: turn offline sources into the compact resources the package ships."""
