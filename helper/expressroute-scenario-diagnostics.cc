// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-scenario-diagnostics.h"

#include "ns3/log.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>
#include <numeric>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioDiagnostics");

namespace
{

/// Words longer than this get no suggestion: edit distance is quadratic in the length.
constexpr std::size_t kMaxSuggestLength = 100;
/// Longest user string quoted in full in a message.
constexpr std::size_t kMaxQuotedLength = 80;

char
Lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

} // namespace

void
ScenarioDiagnostics::Error(const std::string& path, const std::string& message)
{
    NS_LOG_FUNCTION(this << path << message);
    m_errors.push_back(ScenarioError{path, message, 0, 0});
    m_errorPaths.insert(path);
}

void
ScenarioDiagnostics::SyntaxError(int line, int column, const std::string& message)
{
    NS_LOG_FUNCTION(this << line << column << message);
    m_errors.push_back(ScenarioError{"", message, line, column});
    m_errorPaths.insert("");
}

bool
ScenarioDiagnostics::HasErrorAt(const std::string& path) const
{
    auto it = m_errorPaths.lower_bound(path);
    if (it != m_errorPaths.end() && *it == path)
    {
        return true;
    }
    // Paths below @p path start with path + "/", and sort together from there on.
    const std::string below = path + "/";
    it = m_errorPaths.lower_bound(below);
    return it != m_errorPaths.end() && it->compare(0, below.size(), below) == 0;
}

void
ScenarioDiagnostics::RegisterPath(const std::string& path)
{
    if (m_order.emplace(path, m_next).second)
    {
        ++m_next;
    }
}

void
ScenarioDiagnostics::RegisterEnd(const std::string& path)
{
    if (m_end.emplace(path, m_next).second)
    {
        ++m_next;
    }
}

bool
ScenarioDiagnostics::IsKnownPath(const std::string& path) const
{
    return m_order.count(path) > 0;
}

std::size_t
ScenarioDiagnostics::OrderOf(const std::string& path) const
{
    auto it = m_order.find(path);
    if (it != m_order.end())
    {
        return it->second;
    }
    std::string p = path;
    while (true)
    {
        const auto slash = p.rfind('/');
        if (slash == std::string::npos)
        {
            return 0;
        }
        p.erase(slash);
        if (auto end = m_end.find(p); end != m_end.end())
        {
            return end->second;
        }
        if (auto at = m_order.find(p); at != m_order.end())
        {
            return at->second;
        }
    }
}

std::vector<ScenarioError>
ScenarioDiagnostics::SortedErrors() const
{
    std::vector<std::size_t> order(m_errors.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::size_t> keys(m_errors.size());
    for (std::size_t i = 0; i < m_errors.size(); ++i)
    {
        keys[i] = OrderOf(m_errors[i].path);
    }
    std::stable_sort(order.begin(),
                     order.end(),
                     [&keys](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    std::vector<ScenarioError> out;
    out.reserve(order.size());
    for (auto i : order)
    {
        out.push_back(m_errors[i]);
    }
    return out;
}

std::string
JsonPointerChild(const std::string& path, const std::string& key)
{
    std::string out = path + "/";
    for (char c : key)
    {
        if (c == '~')
        {
            out += "~0";
        }
        else if (c == '/')
        {
            out += "~1";
        }
        else
        {
            out += c;
        }
    }
    return out;
}

std::string
JsonPointerChild(const std::string& path, std::size_t index)
{
    return path + "/" + std::to_string(index);
}

std::size_t
EditDistance(const std::string& a, const std::string& b)
{
    // Two-row dynamic programme (Wagner-Fischer).
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    std::iota(prev.begin(), prev.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i)
    {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
        {
            const std::size_t subst = prev[j - 1] + (Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string
ClosestName(const std::string& word, const std::vector<std::string>& candidates)
{
    if (word.empty() || word.size() > kMaxSuggestLength)
    {
        return "";
    }
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::string bestName;
    // A name that differs only by a qualifier in parentheses ("Queretaro (Mexico)" for
    // "Queretaro") is the one meant, however long the qualifier.
    auto lower = [](std::string t) {
        std::transform(t.begin(), t.end(), t.begin(), [](unsigned char ch) { return std::tolower(ch); });
        return t;
    };
    for (const auto& c : candidates)
    {
        const auto open = c.find(" (");
        if (open != std::string::npos && c.back() == ')' && lower(c.substr(0, open)) == lower(word))
        {
            return c;
        }
    }
    for (const auto& c : candidates)
    {
        if (c.size() > word.size() + limit || word.size() > c.size() + limit)
        {
            continue; // the length difference alone exceeds the limit
        }
        const std::size_t d = EditDistance(word, c);
        if (d < best)
        {
            best = d;
            bestName = c;
        }
    }
    return best <= limit ? bestName : "";
}

std::string
DidYouMean(const std::string& word, const std::vector<std::string>& candidates)
{
    const std::string best = ClosestName(word, candidates);
    return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string
JoinNames(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
    {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

std::string
Quote(const std::string& text)
{
    std::string out = "'";
    const std::size_t n = std::min(text.size(), kMaxQuotedLength);
    for (std::size_t i = 0; i < n; ++i)
    {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f)
        {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\x%02x", c);
            out += buf; // keeps every error on one line
        }
        else
        {
            out += text[i];
        }
    }
    if (text.size() > n)
    {
        out += "...";
    }
    return out + "'";
}

} // namespace expressroute
} // namespace ns3
