"""Local media processing (photos with Pillow, video with ffmpeg)."""
