#include "study/study.h"

namespace h4h {

StudyRun::StudyRun(JobContext& context, StudyResult& result, StudySnapshotFn onSnapshot)
    : m_context(context), m_result(result), m_onSnapshot(std::move(onSnapshot)) {}

void StudyRun::publish() {
  if (m_onSnapshot) m_onSnapshot(m_result);
}

void StudyRun::progress(double fraction, const std::string& stage, const std::string& message) {
  m_context.progress(fraction, stage, message);
}

}  // namespace h4h
