#include "train/study_accuracy.h"

#include "train/supernet_evaluator.h"
#include "train/synflow_proxy.h"

namespace h4h {

AccuracyFactory studyAccuracyFactory(const Study& study) {
  return study.needsAccuracySignal() ? trainedOrProxyFactory() : supernetAccuracyFactory();
}

}  // namespace h4h
