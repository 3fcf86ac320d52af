#pragma once
// Undo commands of the editors. One command replaces one section of the project
// (space, hardware, training, data, results) with a new value and puts the old one
// back on undo; the document marks the project modified and tells its listeners.
// Consecutive edits of the same field (spin-box steps, typing) merge into one
// command through id()/mergeWith() when they carry the same merge key.

#include <QString>
#include <QUndoCommand>
#include <functional>
#include <memory>

#include "ui/project/project_document.h"

namespace h4h::ui {

/// Equality of section values (through their JSON form where the type has no ==).
bool sectionEquals(const SearchSpace& a, const SearchSpace& b);
bool sectionEquals(const HardwareConfig& a, const HardwareConfig& b);
bool sectionEquals(const TrainingConfig& a, const TrainingConfig& b);
bool sectionEquals(const DataConfig& a, const DataConfig& b);
bool sectionEquals(const ProjectResults& a, const ProjectResults& b);

/// Shared id of every mergeable section edit; mergeWith() then compares keys.
constexpr int kSectionEditCommandId = 0x4834;

/// The part of the command that does not depend on the section type.
class SectionEditBase : public QUndoCommand {
public:
  SectionEditBase(ProjectDocument* document, QString section, QString text, QString mergeKey)
      : QUndoCommand(text), m_document(document), m_section(std::move(section)),
        m_mergeKey(std::move(mergeKey)) {}

  int id() const override { return m_mergeKey.isEmpty() ? -1 : kSectionEditCommandId; }
  const QString& section() const { return m_section; }
  const QString& mergeKey() const { return m_mergeKey; }

protected:
  ProjectDocument* m_document;
  QString m_section;
  QString m_mergeKey;
};

/// Replaces `Project::*member` (section `section`) with `after`; undo restores `before`.
template <typename T>
class SectionEditCommand : public SectionEditBase {
public:
  SectionEditCommand(ProjectDocument* document, T Project::*member, QString section, T before,
                     T after, QString text, QString mergeKey = {})
      : SectionEditBase(document, std::move(section), std::move(text), std::move(mergeKey)),
        m_member(member), m_before(std::move(before)), m_after(std::move(after)) {}

  void redo() override { apply(m_after); }
  void undo() override { apply(m_before); }

  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = dynamic_cast<const SectionEditCommand<T>*>(other);
    if (!o || o->m_member != m_member || o->mergeKey() != mergeKey()) return false;
    m_after = o->m_after;
    if (sectionEquals(m_after, m_before)) setObsolete(true);
    return true;
  }

  const T& before() const { return m_before; }
  const T& after() const { return m_after; }

private:
  void apply(const T& value) {
    auto member = m_member;
    m_document->edit(m_section, [&](Project& p) { p.*member = value; });
  }

  T Project::*m_member;
  T m_before;
  T m_after;
};

/// Pushes a section edit onto the document's undo stack unless it changes nothing.
/// Returns true when something was pushed.
template <typename T>
bool pushSectionEdit(ProjectDocument* document, T Project::*member, const QString& section,
                     T after, const QString& text, const QString& mergeKey = {}) {
  const T& before = document->project().*member;
  if (sectionEquals(before, after)) return false;
  document->undoStack()->push(new SectionEditCommand<T>(document, member, section, before,
                                                        std::move(after), text, mergeKey));
  return true;
}

}  // namespace h4h::ui
