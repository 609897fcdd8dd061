"""File-dialog filters and timings shared by the Subtitles view's parts."""

VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.webm *.mkv);;All files (*)"
SUBS_FILTER = "Subtitles (*.srt *.vtt *.ass *.ssa *.sub *.txt);;All files (*)"
AUTOSAVE_MS = 800  # autosave a project this long after the last edit
