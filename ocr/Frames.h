// Text in drawn frames: the boxes of an organisation chart, the shapes of a flowchart, a form's
// framed notes. Tesseract's layout analysis reads across them, a line of one box run on into
// the line of the box beside it, so that each box's name, post and date come apart. Read frame by
// frame, each frame's text is a block of its own.
#pragma once

#include <opencv2/core.hpp>

#include "core/Ocr.h"

namespace dossier {

struct FrameOptions {
    /// Gaps in a frame's outline up to this, in points, are closed: a dotted, faint or broken
    /// outline still holds its text (default: 4)
    double closeGapPoints = 4.0;
    /// The inside of a frame is at least this wide and this tall, in points: smaller spaces
    /// enclosed by ink are the insides of letters (default: 24, 9)
    double minInsideWidthPoints = 24.0;
    double minInsideHeightPoints = 9.0;
};

/// `ocr` (the reading of `gray`, an 8-bit page) with the text of each frame that one of its
/// lines runs out of, into another frame across open paper, read as a block of its own: the
/// frame's words, line by line, where the frame's first word was. The cells of a ruled table,
/// which only a rule divides, are not frames apart, nor is a table's label column outside its
/// ruled columns. Words in no such frame stay in their lines and blocks, and `ocr` is returned
/// unchanged when no line runs from frame to frame. `dpi` scales the sizes in points (<= 0:
/// 300).
OcrText ReadFramesApart(OcrText ocr, const cv::Mat& gray, double dpi,
                        const FrameOptions& options = {});

}  // namespace dossier
