#include "search/arch_problem.h"

#include "space/arch_key.h"
#include "space/space_ops.h"
#include "space/space_validate.h"

namespace h4h {

ArchProblem::ArchProblem(const SearchSpace& space, double mutationProb, bool cnnOnly)
    : m_space(space), m_mutationProb(mutationProb), m_cnnOnly(cnnOnly) {}

Arch ArchProblem::sample(SearchRng& rng) const { return sampleArch(m_space, rng, m_cnnOnly); }

void ArchProblem::mutate(Arch& arch, SearchRng& rng) const {
  arch = mutateArch(m_space, arch, m_mutationProb, rng, m_cnnOnly);
}

void ArchProblem::crossover(Arch& a, Arch& b, SearchRng& rng) const {
  Arch first = crossoverArchs(m_space, a, b, rng);
  Arch second = crossoverArchs(m_space, b, a, rng);
  a = std::move(first);
  b = std::move(second);
}

std::string ArchProblem::key(const Arch& arch) const { return archKey(arch); }

Json ArchProblem::genomeToJson(const Arch& arch) const { return archKey(arch); }

Arch ArchProblem::genomeFromJson(const Json& j, const std::string& path, ErrorList& errors) const {
  if (!j.is_string()) {
    errors.add(path, "must be an arch key string", describeJson(j));
    return {};
  }
  Arch arch;
  try {
    arch = parseArchKey(j.get<std::string>());
  } catch (const InputError& e) {
    errors.add(path, e.what(), describeJson(j));
    return {};
  }
  validateArch(m_space, arch, errors, path);
  if (m_cnnOnly)
    for (const auto& s : arch.stages)
      if (s.vitDepth != 0) {
        errors.add(path, "has ViT layers but the search is restricted to the CNN-only subspace",
                   describeJson(j));
        break;
      }
  return arch;
}

}  // namespace h4h
