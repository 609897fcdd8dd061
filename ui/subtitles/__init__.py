"""Widgets of the Subtitles view: cue table model, undo commands, preview, waveform, output."""
