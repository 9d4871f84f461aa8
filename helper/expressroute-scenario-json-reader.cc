// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-scenario-json-reader.h"

#include "expressroute-scenario-loader.h"

#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioJsonReader");

namespace
{

/// Longest name accepted for scenario elements.
constexpr std::size_t kMaxNameLength = 100;

/**
 * Builds the document through nlohmann's SAX interface rather than json::parse, to get the byte
 * position of every error (including number overflow, which json::parse reports without one),
 * to see duplicate keys (json::parse silently keeps the last value) and to stop at a nesting
 * depth the rest of the loader can walk safely.
 */
class DocumentBuilder
{
  public:
    using number_integer_t = ScenarioJson::number_integer_t;
    using number_unsigned_t = ScenarioJson::number_unsigned_t;
    using number_float_t = ScenarioJson::number_float_t;
    using string_t = ScenarioJson::string_t;
    using binary_t = ScenarioJson::binary_t;

    DocumentBuilder(const std::string& text,
                    ScenarioJson& root,
                    ScenarioDiagnostics& diag,
                    int maxDepth) :
        m_text(text), m_root(root), m_diag(diag), m_maxDepth(maxDepth)
    {
    }

    bool null() { return Put(ScenarioJson(nullptr)) != nullptr; }
    bool boolean(bool v) { return Put(ScenarioJson(v)) != nullptr; }
    bool number_integer(number_integer_t v) { return Put(ScenarioJson(v)) != nullptr; }
    bool number_unsigned(number_unsigned_t v) { return Put(ScenarioJson(v)) != nullptr; }
    bool number_float(number_float_t v, const string_t&) { return Put(ScenarioJson(v)) != nullptr; }
    bool string(string_t& v) { return Put(ScenarioJson(std::move(v))) != nullptr; }
    bool binary(binary_t&) { return false; } // never produced by the JSON text parser

    bool start_object(std::size_t) { return Open(ScenarioJson::object()); }
    bool start_array(std::size_t) { return Open(ScenarioJson::array()); }
    bool end_object() { return Close(); }
    bool end_array() { return Close(); }

    bool key(string_t& k)
    {
        Frame& f = m_stack.back();
        f.key = k;
        const std::string path = JsonPointerChild(f.path, k);
        if (!f.keys.insert(k).second)
        {
            m_diag.Error(path, "duplicate key (JSON parsers keep only one of the values)");
        }
        m_diag.RegisterPath(path);
        return true;
    }

    bool parse_error(std::size_t position,
                     const std::string&,
                     const nlohmann::detail::exception& ex)
    {
        int line = 1;
        int column = 1;
        const std::size_t idx = std::min(position > 0 ? position - 1 : 0, m_text.size());
        for (std::size_t i = 0; i < idx; ++i)
        {
            if (m_text[i] == '\n')
            {
                ++line;
                column = 1;
            }
            else
            {
                ++column;
            }
        }
        m_diag.SyntaxError(line, column, CleanMessage(ex.what()));
        return false;
    }

  private:
    struct Frame
    {
        ScenarioJson* node;
        std::string path;
        std::string key;            ///< objects: the key being read
        std::set<std::string> keys; ///< objects: keys seen so far
    };

    /// nlohmann's message without its "[json.exception...] parse error at line 1, column 2: ".
    static std::string CleanMessage(const std::string& what)
    {
        std::string msg = what;
        if (!msg.empty() && msg[0] == '[')
        {
            const auto close = msg.find("] ");
            msg = close == std::string::npos ? msg : msg.substr(close + 2);
        }
        if (msg.compare(0, 11, "parse error") == 0)
        {
            const auto colon = msg.find(": ");
            msg = colon == std::string::npos ? msg : msg.substr(colon + 2);
        }
        if (msg.compare(0, 13, "syntax error ") == 0)
        {
            msg = "syntax error: " + msg.substr(13);
        }
        else
        {
            msg = "syntax error: " + msg;
        }
        return msg;
    }

    /// Stores @p v where the parser is (array element, object member or root).
    ScenarioJson* Put(ScenarioJson&& v)
    {
        if (m_stack.empty())
        {
            m_root = std::move(v);
            m_diag.RegisterPath("");
            return &m_root;
        }
        Frame& f = m_stack.back();
        if (f.node->is_array())
        {
            m_diag.RegisterPath(JsonPointerChild(f.path, f.node->size()));
            f.node->push_back(std::move(v));
            return &f.node->back();
        }
        ScenarioJson& slot = (*f.node)[f.key];
        slot = std::move(v);
        return &slot;
    }

    std::string NextPath() const
    {
        if (m_stack.empty())
        {
            return "";
        }
        const Frame& f = m_stack.back();
        return f.node->is_array() ? JsonPointerChild(f.path, f.node->size())
                                  : JsonPointerChild(f.path, f.key);
    }

    bool Open(ScenarioJson&& container)
    {
        const std::string path = NextPath();
        if (static_cast<int>(m_stack.size()) >= m_maxDepth)
        {
            m_diag.Error(path,
                         "nesting deeper than " + std::to_string(m_maxDepth) +
                             " levels; a scenario needs far fewer");
            return false;
        }
        ScenarioJson* node = Put(std::move(container));
        m_stack.push_back(Frame{node, path, "", {}});
        return true;
    }

    bool Close()
    {
        m_diag.RegisterEnd(m_stack.back().path);
        m_stack.pop_back();
        return true;
    }

    const std::string& m_text;
    ScenarioJson& m_root;
    ScenarioDiagnostics& m_diag;
    int m_maxDepth;
    std::vector<Frame> m_stack;
};

std::string
FormatNumber(const ScenarioJson& v)
{
    if (v.is_number_unsigned())
    {
        return std::to_string(v.get<uint64_t>());
    }
    if (v.is_number_integer())
    {
        return std::to_string(v.get<int64_t>());
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%g", v.get<double>());
    return buf;
}

const std::vector<std::string> kDurationUnits{"ns", "us", "ms", "s", "min", "h"};
const std::vector<std::string> kRateUnits{"bps", "kbps", "Mbps", "Gbps"};

/// The letters at the end of a quantity string ("Kbps" in "64Kbps").
std::string
TrailingUnit(const std::string& text)
{
    std::size_t i = text.size();
    while (i > 0 && std::isalpha(static_cast<unsigned char>(text[i - 1])))
    {
        --i;
    }
    return text.substr(i);
}

/// "Did you mean" for a misspelt unit; nothing when the unit is right (the number is wrong).
std::string
UnitHint(const std::string& text, const std::vector<std::string>& units)
{
    const std::string unit = TrailingUnit(text);
    if (std::find(units.begin(), units.end(), unit) != units.end())
    {
        return "";
    }
    return DidYouMean(unit, units);
}

} // namespace

bool
ParseJsonDocument(const std::string& text,
                  ScenarioJson& out,
                  ScenarioDiagnostics& diag,
                  int maxDepth)
{
    NS_LOG_FUNCTION(text.size() << maxDepth);
    DocumentBuilder builder(text, out, diag, maxDepth);
    return ScenarioJson::sax_parse(text, &builder);
}

std::string
JsonTypeName(const ScenarioJson& value)
{
    if (value.is_number_integer())
    {
        return "integer";
    }
    if (value.is_number_float())
    {
        return "number";
    }
    return value.type_name(); // object, array, string, boolean, null
}

JsonObjectReader::JsonObjectReader(const ScenarioJson* value,
                                   std::string path,
                                   ScenarioDiagnostics& diag,
                                   std::vector<std::string> keys,
                                   const std::string& what) :
    m_path(std::move(path)), m_diag(diag)
{
    if (value == nullptr)
    {
        return;
    }
    if (!value->is_object())
    {
        m_diag.Error(m_path, "expected an object (" + what + "), got " + JsonTypeName(*value));
        return;
    }
    m_object = value;
    for (const auto& [key, v] : value->items())
    {
        if (std::find(keys.begin(), keys.end(), key) != keys.end())
        {
            continue;
        }
        const std::string hint = DidYouMean(key, keys);
        m_diag.Error(PathOf(key),
                     "unknown key" +
                         (hint.empty() ? "; expected one of " + JoinNames(keys) : hint));
    }
}

bool
JsonObjectReader::Has(const std::string& key) const
{
    return m_object != nullptr && m_object->contains(key);
}

std::string
JsonObjectReader::PathOf(const std::string& key) const
{
    return JsonPointerChild(m_path, key);
}

const ScenarioJson*
JsonObjectReader::Get(const std::string& key, Need need) const
{
    if (m_object == nullptr)
    {
        return nullptr;
    }
    auto it = m_object->find(key);
    if (it == m_object->end())
    {
        if (need == Need::Required)
        {
            m_diag.Error(PathOf(key), "required key is missing");
        }
        return nullptr;
    }
    return &*it;
}

std::optional<std::string>
JsonObjectReader::GetString(const std::string& key, Need need) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    return ReadJsonString(JsonAt{PathOf(key), v}, m_diag);
}

std::optional<std::string>
JsonObjectReader::GetName(const std::string& key, Need need) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    return ReadJsonName(JsonAt{PathOf(key), v}, m_diag);
}

std::optional<bool>
JsonObjectReader::GetBool(const std::string& key, Need need) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    if (!v->is_boolean())
    {
        m_diag.Error(PathOf(key), "expected a boolean (true or false), got " + JsonTypeName(*v));
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<uint64_t>
JsonObjectReader::GetUnsigned(const std::string& key, Need need, uint64_t min, uint64_t max) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    const std::string range =
        "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (v->is_number_float())
    {
        const double d = v->get<double>();
        constexpr double kTwoTo64 = 18446744073709551616.0;
        if (d != std::floor(d) || d < static_cast<double>(min) || d > static_cast<double>(max) ||
            d >= kTwoTo64)
        {
            m_diag.Error(PathOf(key), range + ", got " + FormatNumber(*v));
            return std::nullopt;
        }
        return static_cast<uint64_t>(d);
    }
    if (!v->is_number_integer())
    {
        m_diag.Error(PathOf(key), "expected an integer, got " + JsonTypeName(*v));
        return std::nullopt;
    }
    if (!v->is_number_unsigned() || v->get<uint64_t>() < min || v->get<uint64_t>() > max)
    {
        m_diag.Error(PathOf(key), range + ", got " + FormatNumber(*v));
        return std::nullopt;
    }
    return v->get<uint64_t>();
}

std::optional<uint32_t>
JsonObjectReader::GetU32(const std::string& key, Need need, uint32_t min, uint32_t max) const
{
    auto v = GetUnsigned(key, need, min, max);
    return v ? std::optional<uint32_t>(static_cast<uint32_t>(*v)) : std::nullopt;
}

std::optional<double>
JsonObjectReader::GetNumber(const std::string& key, Need need, double min, double max) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    if (!v->is_number())
    {
        m_diag.Error(PathOf(key), "expected a number, got " + JsonTypeName(*v));
        return std::nullopt;
    }
    const double d = v->get<double>();
    if (!(d >= min && d <= max))
    {
        char buf[96];
        std::snprintf(buf, sizeof(buf), "must be a number from %g to %g, got ", min, max);
        m_diag.Error(PathOf(key), buf + FormatNumber(*v));
        return std::nullopt;
    }
    return d;
}

std::optional<Time>
JsonObjectReader::GetDuration(const std::string& key, Need need, bool positive) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    if (!v->is_string())
    {
        m_diag.Error(PathOf(key),
                     "expected a string (a duration such as \"30s\"), got " + JsonTypeName(*v));
        return std::nullopt;
    }
    const auto& text = v->get_ref<const std::string&>();
    auto t = ParseDuration(text);
    if (!t && text.size() > 1 && text[0] == '-' && ParseDuration(text.substr(1)))
    {
        m_diag.Error(PathOf(key), std::string("must be ") + (positive ? "positive" : "zero or more") +
                                      ", got " + Quote(text));
        return std::nullopt;
    }
    if (!t && IsDurationPastTheClock(text))
    {
        m_diag.Error(PathOf(key), "too large: " + Quote(text) +
                                      " is past ns-3's clock, which ends after about 292 years "
                                      "(2562047h)");
        return std::nullopt;
    }
    if (!t)
    {
        m_diag.Error(PathOf(key),
                     "malformed duration " + Quote(text) +
                         ": expected a number and a unit, such as \"30s\", \"250ms\" or \"1.5s\" "
                         "(units: " +
                         JoinNames(kDurationUnits) + ")" + UnitHint(text, kDurationUnits));
        return std::nullopt;
    }
    if (positive && !t->IsStrictlyPositive())
    {
        m_diag.Error(PathOf(key), "must be greater than zero, got " + Quote(text));
        return std::nullopt;
    }
    return t;
}

std::optional<uint64_t>
JsonObjectReader::GetRate(const std::string& key, Need need) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    if (!v->is_string())
    {
        m_diag.Error(PathOf(key),
                     "expected a string (a rate such as \"50Mbps\"), got " + JsonTypeName(*v));
        return std::nullopt;
    }
    const auto& text = v->get_ref<const std::string&>();
    auto r = ParseRate(text);
    if (!r)
    {
        m_diag.Error(PathOf(key),
                     "malformed rate " + Quote(text) +
                         ": expected a number and a unit, such as \"50Mbps\" or \"1Gbps\" "
                         "(decimal units, case-sensitive: " +
                         JoinNames(kRateUnits) + ")" + UnitHint(text, kRateUnits));
        return std::nullopt;
    }
    if (*r == 0)
    {
        m_diag.Error(PathOf(key), "must be greater than zero, got " + Quote(text));
        return std::nullopt;
    }
    return r;
}

std::optional<Ipv4Prefix>
JsonObjectReader::GetPrefix(const std::string& key, Need need, std::optional<uint8_t> length) const
{
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return std::nullopt;
    }
    auto p = ReadJsonPrefix(JsonAt{PathOf(key), v}, m_diag);
    if (p && length && p->length != *length)
    {
        m_diag.Error(PathOf(key),
                     "must be a /" + std::to_string(*length) + ", got " + p->ToString());
        return std::nullopt;
    }
    return p;
}

std::optional<std::string>
JsonObjectReader::GetChoice(const std::string& key,
                            Need need,
                            const std::vector<std::string>& names,
                            const std::string& what) const
{
    auto s = GetString(key, need);
    if (!s)
    {
        return std::nullopt;
    }
    if (std::find(names.begin(), names.end(), *s) == names.end())
    {
        m_diag.Error(PathOf(key),
                     "unknown " + what + " " + Quote(*s) + " (expected one of " + JoinNames(names) +
                         ")" + DidYouMean(*s, names));
        return std::nullopt;
    }
    return s;
}

std::vector<JsonAt>
JsonObjectReader::GetArray(const std::string& key, Need need, bool nonEmpty) const
{
    std::vector<JsonAt> out;
    const ScenarioJson* v = Get(key, need);
    if (v == nullptr)
    {
        return out;
    }
    if (!v->is_array())
    {
        m_diag.Error(PathOf(key), "expected an array, got " + JsonTypeName(*v));
        return out;
    }
    if (nonEmpty && v->empty())
    {
        m_diag.Error(PathOf(key), "must not be empty");
        return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i)
    {
        out.push_back(JsonAt{JsonPointerChild(PathOf(key), i), &(*v)[i]});
    }
    return out;
}

std::vector<std::pair<std::string, Ipv4Prefix>>
JsonObjectReader::GetPrefixList(const std::string& key, Need need, bool nonEmpty) const
{
    std::vector<std::pair<std::string, Ipv4Prefix>> out;
    for (const auto& at : GetArray(key, need, nonEmpty))
    {
        if (auto p = ReadJsonPrefix(at, m_diag))
        {
            out.emplace_back(at.path, *p);
        }
    }
    return out;
}

std::optional<std::string>
ReadJsonString(const JsonAt& at, ScenarioDiagnostics& diag)
{
    if (!at.value->is_string())
    {
        diag.Error(at.path, "expected a string, got " + JsonTypeName(*at.value));
        return std::nullopt;
    }
    return at.value->get<std::string>();
}

std::optional<std::string>
ReadJsonName(const JsonAt& at, ScenarioDiagnostics& diag)
{
    auto s = ReadJsonString(at, diag);
    if (!s)
    {
        return std::nullopt;
    }
    const bool control =
        std::any_of(s->begin(),
                    s->end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    // Characters, not bytes: the JSON is UTF-8 (checked when parsed), and a continuation byte
    // (10xxxxxx) is no character of its own.
    const auto characters = std::count_if(s->begin(), s->end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    });
    if (s->empty() || static_cast<std::size_t>(characters) > kMaxNameLength || control)
    {
        diag.Error(at.path,
                   "a name must be 1 to " + std::to_string(kMaxNameLength) +
                       " characters without control characters, got " + Quote(*s));
        return std::nullopt;
    }
    return s;
}

std::optional<Ipv4Prefix>
ReadJsonPrefix(const JsonAt& at, ScenarioDiagnostics& diag)
{
    if (!at.value->is_string())
    {
        diag.Error(at.path,
                   "expected a string (a prefix such as \"10.1.0.0/16\"), got " +
                       JsonTypeName(*at.value));
        return std::nullopt;
    }
    const auto& text = at.value->get_ref<const std::string&>();
    std::string why;
    auto p = Ipv4Prefix::Parse(text, &why);
    if (!p)
    {
        diag.Error(at.path, "malformed prefix " + Quote(text) + ": " + why);
    }
    return p;
}

} // namespace expressroute
} // namespace ns3
