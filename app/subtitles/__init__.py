"""Video subtitling: cues, checks, subtitle files, burn-in and soft tracks, projects."""
