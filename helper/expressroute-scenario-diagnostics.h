// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_DIAGNOSTICS_H
#define EXPRESSROUTE_SCENARIO_DIAGNOSTICS_H

// Error collection shared by the scenario parser and the rule checks (the scenario loader's
// internals; users see ScenarioLoadError): errors keyed by JSON pointer, sorted into document
// order, and the "did you mean" suggestions used for keys, enum values, places and references.

#include "expressroute-scenario-loader.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * The errors found in one scenario document. Paths are JSON pointers (RFC 6901). The parser
 * registers every path of the document in document order (RegisterPath), so that errors found
 * later by the rule checks can be sorted back into the order a reader meets them in the file.
 */
class ScenarioDiagnostics
{
  public:
    /// Records an error at @p path ("" for the whole document).
    void Error(const std::string& path, const std::string& message);
    /// Records a syntax error at a 1-based line and column.
    void SyntaxError(int line, int column, const std::string& message);

    bool HasErrors() const { return !m_errors.empty(); }
    /// True when an error was recorded at @p path or anywhere below it.
    bool HasErrorAt(const std::string& path) const;
    /// True when an error was recorded at @p path itself (e.g. a list missing or not a list).
    bool HasErrorExactlyAt(const std::string& path) const { return m_errorPaths.count(path) > 0; }

    /// Registers @p path as the next one in document order (first registration wins).
    void RegisterPath(const std::string& path);
    /// Registers the end of the object or array at @p path: errors about keys missing from it
    /// sort after its last member, where the reader notices the absence.
    void RegisterEnd(const std::string& path);
    /// True when @p path was registered (the key or element exists in the document).
    bool IsKnownPath(const std::string& path) const;
    /// Position of @p path in document order; for a path not in the document, the end of its
    /// nearest registered ancestor.
    std::size_t OrderOf(const std::string& path) const;

    /// The errors sorted in document order; errors at one place keep the order they were found.
    std::vector<ScenarioError> SortedErrors() const;

  private:
    std::vector<ScenarioError> m_errors;
    std::set<std::string> m_errorPaths;
    std::map<std::string, std::size_t> m_order;
    std::map<std::string, std::size_t> m_end;
    std::size_t m_next{0};
};

/// Appends the RFC 6901 reference token for @p key ('~' as "~0", '/' as "~1") to @p path.
std::string JsonPointerChild(const std::string& path, const std::string& key);
/// Appends an array index to @p path.
std::string JsonPointerChild(const std::string& path, std::size_t index);

/// Levenshtein distance between @p a and @p b, ignoring ASCII case.
std::size_t EditDistance(const std::string& a, const std::string& b);

/**
 * The candidate closest to @p word (case-insensitive edit distance), if it is close enough to be
 * a plausible typo: at most max(2, length / 3) edits. "" when none is.
 */
std::string ClosestName(const std::string& word, const std::vector<std::string>& candidates);

/// "; did you mean 'X'?" for the closest candidate, or "" when none is close.
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

/// Joins @p items with ", ".
std::string JoinNames(const std::vector<std::string>& items);

/// Quotes a user-supplied string for a message, shortening it if very long.
std::string Quote(const std::string& text);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_DIAGNOSTICS_H
