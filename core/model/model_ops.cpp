#include "model/model_ops.h"

#include "util/errors.h"

namespace h4h {

Activation parseActivation(const std::string& name) {
  if (name == "swish") return Activation::Swish;
  if (name == "relu6") return Activation::Relu6;
  throw InputError("space.activation: must be \"swish\" or \"relu6\" (\"" + name + "\")");
}

}  // namespace h4h
