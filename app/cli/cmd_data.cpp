// h4h data export-folder --dataset NAME --out DIR [--path SRC] [--limit N] [--format png|jpeg]:
// writes an installed dataset (Fashion-MNIST by default) as an image folder, train/ and
// val/ with one folder per class, for trying `data.dataset: "folder"` and for tests.

#include <iostream>

#include "cli/commands.h"
#include "data/folder_export.h"
#include "util/errors.h"

namespace h4h::cli {

namespace {

int runExportFolder(const ParsedArgs& args) {
  DataConfig source;
  source.dataset = args.valueOr("dataset", "fashion-mnist");
  bool known = false;
  for (const std::string& name : datasetNames()) known = known || (name == source.dataset && name != "folder");
  if (!known)
    throw InputError("--dataset: must be fashion-mnist, mnist, cifar10 or synthetic (" + source.dataset + ")");
  if (args.has("path")) source.path = args.valueOr("path", "");
  else if (source.dataset != "fashion-mnist" && source.dataset != "synthetic")
    throw InputError("--path: missing (the folder holding the " + source.dataset + " files)");
  source.validationSize = 0;

  FolderExportOptions options;
  options.outDir = args.valueOr("out", "");
  options.limit = args.intOr("limit", 0, 0, 100000000);
  options.format = args.valueOr("format", "png");
  options.jpegQuality = static_cast<int>(args.intOr("quality", options.jpegQuality, 1, 100));
  const FolderExportResult r = exportImageFolder(readDatasetFiles(source), options);
  if (!args.has("quiet"))
    std::cout << "wrote " << r.trainImages << " train and " << r.valImages << " val images in "
              << r.classFolders.size() << " class folders (" << r.classFolders.front() << ", ...) to "
              << options.outDir << "\n";
  return 0;
}

int runData(const ParsedArgs& args) {
  if (args.positionals.empty()) throw InputError("missing ACTION argument: export-folder");
  if (args.positionals[0] != "export-folder")
    throw InputError("unknown action \"" + args.positionals[0] + "\" (expected export-folder)");
  if (args.positionals.size() > 1)
    throw InputError("unexpected argument \"" + args.positionals[1] + "\" (usage: export-folder --out DIR)");
  return runExportFolder(args);
}

}  // namespace

Command dataCommand() {
  return {"data",
          "export-folder: write an installed dataset as an image folder (train/ and val/, one folder per class)",
          "export-folder --out DIR [--dataset fashion-mnist|mnist|cifar10|synthetic] [--path SRC] [--limit N] "
          "[--format png|jpeg]",
          {{"out", "DIR", "the folder to write; must not exist or be empty"},
           {"dataset", "NAME", "the dataset to export (default fashion-mnist)"},
           {"path", "SRC", "its files (default for fashion-mnist: /usr/share/datasets/fashion-mnist)"},
           {"limit", "N", "at most N images per split, the first in file order (default: all)"},
           {"format", "png|jpeg", "png (lossless, default) or jpeg"},
           {"quality", "Q", "JPEG quality 1..100 (default 95)"}},
          runData};
}

}  // namespace h4h::cli
