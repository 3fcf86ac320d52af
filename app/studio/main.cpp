// h4h-studio: the desktop studio. Usage: h4h-studio [PROJECT] [--threads N]

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "ui/window/main_window.h"
#include "model/torch_runtime.h"
#include "screenshots.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("H4H");
  QApplication::setApplicationName("H4H Studio");
  QApplication::setApplicationVersion(H4H_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("H4H Studio: hardware-aware search of hybrid CNN/ViT models");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption threads("threads", "Intra-op threads for training (default: all cores; env H4H_THREADS).", "N");
  parser.addOption(threads);
  QCommandLineOption screenshots("screenshot-dir", "Save a PNG of every tab into DIR and quit (docs).", "DIR");
  screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOption(screenshots);
  parser.addPositionalArgument("project", "Project file (.h4h) to open.");
  parser.process(app);

  h4h::configureAllocator();
  h4h::configureTorchThreads(parser.isSet(threads) ? parser.value(threads).toInt() : 0);
  // Screenshots show the default layout, not the one the user last left.
  if (parser.isSet(screenshots)) QApplication::setApplicationName("H4H Studio screenshots");

  h4h::ui::MainWindow window;
  window.show();
  if (parser.isSet(screenshots)) {
    window.setDialogsEnabled(false);
    window.resize(1600, 960);
    const QString project = parser.positionalArguments().value(0);
    const QString dir = parser.value(screenshots);
    QTimer::singleShot(0, &window, [&window, project, dir] {
      if (!project.isEmpty() && !window.openProject(project)) {
        QCoreApplication::exit(2);
        return;
      }
      const int n = h4h::studio::saveTabScreenshots(window, dir);
      QCoreApplication::exit(n > 0 ? 0 : 1);
    });
    return app.exec();
  }
  if (!parser.positionalArguments().isEmpty()) {
    const QString path = parser.positionalArguments().first();
    QTimer::singleShot(0, &window, [&window, path] { window.openProject(path); });
  }
  return app.exec();
}
