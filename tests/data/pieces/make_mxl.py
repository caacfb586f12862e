#!/usr/bin/env python3
"""Packs little-study.musicxml as the compressed MusicXML a notation program writes
(run from this folder: python3 make_mxl.py): a zip archive with the mimetype first, stored,
then META-INF/container.xml naming the score, and the score deflated in a folder."""

import zipfile

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container>
  <rootfiles>
    <rootfile full-path="score/little-study.musicxml" media-type="application/vnd.recordare.musicxml+xml"/>
  </rootfiles>
</container>
"""

with zipfile.ZipFile("little-study.mxl", "w") as archive:
    archive.writestr("mimetype", "application/vnd.recordare.musicxml", zipfile.ZIP_STORED)
    archive.writestr("META-INF/container.xml", CONTAINER, zipfile.ZIP_DEFLATED)
    with open("little-study.musicxml", "rb") as score:
        archive.writestr("score/little-study.musicxml", score.read(), zipfile.ZIP_DEFLATED)
