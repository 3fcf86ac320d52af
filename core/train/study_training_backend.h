#pragma once
/// The training functions a study runs with (study/study_training.h): TrainerJob and
/// SupernetAccuracyEvaluator on the test split.

#include "study/study_training.h"

namespace h4h {

StudyTraining studyTraining();

}  // namespace h4h
