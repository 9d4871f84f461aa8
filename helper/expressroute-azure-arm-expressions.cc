// SPDX-License-Identifier: GPL-2.0-only
// The ARM template expressions an export writes ([parameters('x')], [variables('x')],
// [concat(...)], [resourceId(...)]), resolved for the ARM reader.
#include "expressroute-azure-import-internal.h"

#include <cctype>

namespace ns3
{
namespace expressroute
{
namespace importer
{

ArmResolver::ArmResolver(const nlohmann::json& params, const nlohmann::json& vars)
    : m_params(params),
      m_vars(vars)
{
}

bool
ArmResolver::IsUnclosed(const std::string& text)
{
    return !text.empty() && text.front() == '[' && text.compare(0, 2, "[[") != 0 &&
           (text.size() < 2 || text.back() != ']');
}

std::string
ArmResolver::CannotResolve(const std::string& text)
{
    if (IsUnclosed(text))
    {
        return "unclosed expression " + text +
               ": a value starting with '[' is an ARM expression and ends with ']' (a literal "
               "'[' is written '[[')";
    }
    return "cannot resolve the expression " + text;
}

std::optional<std::string>
ArmResolver::Resolve(const std::string& text) const
{
    if (IsUnclosed(text))
    {
        // ARM would take it as a literal, but no name, id, location or prefix starts with '[':
        // it is an expression cut short ("[parameters('x')" became a circuit of that name).
        return std::nullopt;
    }
    if (text.size() < 2 || text.front() != '[' || text.compare(0, 2, "[[") == 0)
    {
        return text.compare(0, 2, "[[") == 0 ? text.substr(1) : text;
    }
    size_t pos = 1;
    auto v = Expr(text, pos);
    SkipSpace(text, pos);
    if (!v || pos != text.size() - 1)
    {
        return std::nullopt;
    }
    return v;
}

void
ArmResolver::SkipSpace(const std::string& s, size_t& pos)
{
    while (pos < s.size() && s[pos] == ' ')
    {
        ++pos;
    }
}

std::optional<std::string>
ArmResolver::Expr(const std::string& s, size_t& pos) const
{
    SkipSpace(s, pos);
    if (pos < s.size() && s[pos] == '\'')
    {
        std::string out;
        for (++pos; pos < s.size(); ++pos)
        {
            if (s[pos] == '\'' && pos + 1 < s.size() && s[pos + 1] == '\'')
            {
                out += '\'';
                ++pos;
            }
            else if (s[pos] == '\'')
            {
                ++pos;
                return out;
            }
            else
            {
                out += s[pos];
            }
        }
        return std::nullopt;
    }
    size_t start = pos;
    while (pos < s.size() && std::isalnum(static_cast<unsigned char>(s[pos])))
    {
        ++pos;
    }
    const std::string fn = s.substr(start, pos - start);
    SkipSpace(s, pos);
    if (fn.empty() || pos >= s.size() || s[pos] != '(')
    {
        return std::nullopt;
    }
    ++pos;
    std::vector<std::string> args;
    SkipSpace(s, pos);
    while (pos < s.size() && s[pos] != ')')
    {
        auto a = Expr(s, pos);
        if (!a)
        {
            return std::nullopt;
        }
        args.push_back(*a);
        SkipSpace(s, pos);
        if (pos < s.size() && s[pos] == ',')
        {
            ++pos;
        }
    }
    if (pos >= s.size())
    {
        return std::nullopt;
    }
    ++pos;
    return Call(fn, args);
}

std::optional<std::string>
ArmResolver::Lookup(const nlohmann::json& table, const std::string& key, bool param) const
{
    if (!table.is_object() || !table.contains(key))
    {
        return std::nullopt;
    }
    const nlohmann::json& entry = table[key];
    if (param && (!entry.is_object() || !entry.contains("defaultValue")))
    {
        return std::nullopt;
    }
    const nlohmann::json& v = param ? entry["defaultValue"] : entry;
    // A parameter whose default names itself (directly or in a cycle) is unresolvable.
    if (!v.is_string() || m_depth >= kMaxDepth)
    {
        return std::nullopt;
    }
    ++m_depth;
    auto r = Resolve(v.get<std::string>());
    --m_depth;
    return r;
}

std::optional<std::string>
ArmResolver::Call(const std::string& fn,
                                    const std::vector<std::string>& args) const
{
    if (fn == "parameters" && args.size() == 1)
    {
        return Lookup(m_params, args[0], true);
    }
    if (fn == "variables" && args.size() == 1)
    {
        return Lookup(m_vars, args[0], false);
    }
    if (fn == "concat")
    {
        std::string out;
        for (const auto& a : args)
        {
            out += a;
        }
        return out;
    }
    if (fn == "resourceId" && args.size() >= 2)
    {
        // resourceId('Ns/type/child', 'name', 'childName'): an id in the export's own form.
        std::vector<std::string> types;
        std::string t = args[0];
        size_t slash = t.find('/');
        if (slash == std::string::npos)
        {
            return std::nullopt;
        }
        std::string out = "/providers/" + t.substr(0, slash);
        t = t.substr(slash + 1);
        for (size_t i = 1; i < args.size(); ++i)
        {
            slash = t.find('/');
            out += "/" + t.substr(0, slash) + "/" + args[i];
            t = slash == std::string::npos ? "" : t.substr(slash + 1);
        }
        return out;
    }
    return std::nullopt;
}

} // namespace importer
} // namespace expressroute
} // namespace ns3
