// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-spec.h"

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-sweep-grid.h"

#include "ns3/log.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepSpec");

namespace
{

namespace fs = std::filesystem;

/// Grids larger than this are refused: they are a typo, not a study.
constexpr uint64_t kMaxRuns = 1000000;
/// At most this many errors of generated scenarios are listed.
constexpr std::size_t kMaxPointErrors = 20;

const std::vector<std::string> kSpecKeys{"name",
                                         "description",
                                         "scenario",
                                         "scenarioFile",
                                         "set",
                                         "parameters",
                                         "combine",
                                         "runs",
                                         "seed",
                                         "timeout",
                                         "engine",
                                         "dataDir"};
const std::vector<std::string> kParameterKeys{"path", "values", "name", "zip"};

/// Columns of the index that a parameter may not take (expressroute-sweep-index.h).
const std::vector<std::string> kReservedColumns{"key",
                                                "point",
                                                "run",
                                                "seed",
                                                "status",
                                                "exit_code",
                                                "signal",
                                                "wall_time_s",
                                                "events",
                                                "stderr_tail",
                                                "command"};

std::string
ReadFile(const std::string& path, std::string& error)
{
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (fs::is_directory(status))
    {
        error = "is a directory";
        return "";
    }
    // /dev/zero would be read forever and a FIFO blocks until someone writes to it.
    if (fs::exists(status) && !fs::is_regular_file(status))
    {
        error = "is not a regular file (a device, FIFO or socket)";
        return "";
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        error = std::strerror(errno);
        return "";
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The type a swept value must share with the value it replaces: all numbers are one type
/// (the loader checks integer ranges itself).
std::string
TypeClass(const ScenarioJson& v)
{
    return v.is_number() ? "number" : JsonTypeName(v);
}

/// The reference tokens of a JSON pointer (RFC 6901), unescaped; false when malformed.
bool
SplitPointer(const std::string& pointer, std::vector<std::string>& tokens, std::string& error)
{
    if (pointer.empty() || pointer[0] != '/')
    {
        error = "malformed JSON pointer " + Quote(pointer) + ": must start with '/'";
        return false;
    }
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i)
    {
        if (i == pointer.size() || pointer[i] == '/')
        {
            tokens.push_back(token);
            token.clear();
        }
        else if (pointer[i] == '~')
        {
            if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))
            {
                error =
                    "malformed JSON pointer " + Quote(pointer) + ": '~' must be followed by 0 or 1";
                return false;
            }
            token += pointer[i + 1] == '0' ? '~' : '/';
            ++i;
        }
        else
        {
            token += pointer[i];
        }
    }
    return true;
}

/**
 * The value @p pointer designates in @p doc, or nullptr with @p error saying where the walk
 * stopped and what was there instead.
 */
const ScenarioJson*
Resolve(const ScenarioJson& doc, const std::string& pointer, std::string& error)
{
    std::vector<std::string> tokens;
    if (!SplitPointer(pointer, tokens, error))
    {
        return nullptr;
    }
    const ScenarioJson* node = &doc;
    std::string at;
    for (const auto& token : tokens)
    {
        const std::string where = at.empty() ? "the scenario" : at;
        if (node->is_object())
        {
            auto it = node->find(token);
            if (it == node->end())
            {
                std::vector<std::string> keys;
                for (const auto& [k, v] : node->items())
                {
                    keys.push_back(k);
                }
                error = Quote(pointer) + " does not exist in the base scenario: " + where +
                        " has no key " + Quote(token) + DidYouMean(token, keys) +
                        " (to sweep an optional key, set it in the base scenario)";
                return nullptr;
            }
            node = &*it;
        }
        else if (node->is_array())
        {
            const bool digits = !token.empty() && token.size() < 10 &&
                                std::all_of(token.begin(), token.end(), ::isdigit) &&
                                (token == "0" || token[0] != '0');
            if (!digits || std::stoul(token) >= node->size())
            {
                error = Quote(pointer) + " does not exist in the base scenario: " + where +
                        " is an array of " + std::to_string(node->size()) + " elements, and " +
                        Quote(token) + " is not an index of it";
                return nullptr;
            }
            node = &(*node)[std::stoul(token)];
        }
        else
        {
            error = Quote(pointer) + " does not exist in the base scenario: " + where + " is " +
                    JsonTypeName(*node) + ", not an object or array";
            return nullptr;
        }
        at = JsonPointerChild(at, token);
    }
    return node;
}

/// Checks one override (swept value or fixed) against the value it replaces.
void
CheckType(const ScenarioJson& replaced,
          const std::string& pointer,
          const ScenarioJson& value,
          const std::string& field,
          ScenarioDiagnostics& diag)
{
    if (TypeClass(replaced) != TypeClass(value))
    {
        std::string shown = replaced.dump();
        if (shown.size() > 40)
        {
            shown = shown.substr(0, 37) + "...";
        }
        diag.Error(field,
                   "expected " + TypeClass(replaced) + " like the value it replaces at " + pointer +
                       " (" + shown + "), got " + TypeClass(value));
    }
}

/// True when one pointer designates a value inside (or equal to) the other's.
bool
Overlaps(const std::string& a, const std::string& b)
{
    const auto& shorter = a.size() <= b.size() ? a : b;
    const auto& longer = a.size() <= b.size() ? b : a;
    return longer.compare(0, shorter.size(), shorter) == 0 &&
           (longer.size() == shorter.size() || longer[shorter.size()] == '/');
}

bool
IsColumnName(const std::string& name)
{
    if (name.empty() || name.size() > 64 || std::isdigit(static_cast<unsigned char>(name[0])))
    {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}
/// Reads "scenario": a file name (relative to @p baseDir) or an inline object.
void
ReadBaseScenario(const JsonObjectReader& top,
                 const std::string& baseDir,
                 SweepSpec& spec,
                 ScenarioDiagnostics& diag)
{
    const ScenarioJson* v = top.Get("scenario", Need::Required);
    auto file = top.GetString("scenarioFile", Need::Optional);
    if (v == nullptr)
    {
        return;
    }
    if (v->is_object())
    {
        spec.scenario = *v;
        spec.scenarioFile = file.value_or("");
        spec.dataDir = fs::absolute(baseDir.empty() ? fs::path(".") : fs::path(baseDir))
                           .lexically_normal()
                           .string();
        return;
    }
    if (!v->is_string())
    {
        diag.Error("/scenario",
                   "expected a scenario file name or an inline scenario object, got " +
                       JsonTypeName(*v));
        return;
    }
    if (file)
    {
        diag.Error("/scenarioFile",
                   "only with an inline scenario object; \"scenario\" names a file");
    }
    spec.scenarioFile = v->get<std::string>();
    if (spec.scenarioFile.empty())
    {
        diag.Error("/scenario", "must name the base scenario file");
        return;
    }
    fs::path path(spec.scenarioFile);
    if (path.is_relative() && !baseDir.empty())
    {
        path = fs::path(baseDir) / path;
    }
    std::string error;
    const std::string text = ReadFile(path.string(), error);
    if (!error.empty())
    {
        diag.Error("/scenario", "cannot open the base scenario " + path.string() + ": " + error);
        return;
    }
    ScenarioDiagnostics scenarioDiag;
    if (!ParseJsonDocument(text, spec.scenario, scenarioDiag) || scenarioDiag.HasErrors())
    {
        const auto e = scenarioDiag.SortedErrors().front();
        diag.Error("/scenario",
                   "the base scenario " + path.string() + " is not valid JSON: " +
                       (e.line > 0 ? "line " + std::to_string(e.line) + ", column " +
                                         std::to_string(e.column) + ": "
                                   : (e.path.empty() ? "" : e.path + ": ")) +
                       e.message);
        spec.scenario = ScenarioJson();
        return;
    }
    if (!spec.scenario.is_object())
    {
        diag.Error("/scenario", "the base scenario " + path.string() + " is not a JSON object");
        spec.scenario = ScenarioJson();
        return;
    }
    spec.dataDir = fs::absolute(path).parent_path().lexically_normal().string();
}

/// Reads "set": {"/pointer": value, ...}.
void
ReadFixed(const JsonObjectReader& top, SweepSpec& spec, ScenarioDiagnostics& diag)
{
    const ScenarioJson* v = top.Get("set", Need::Optional);
    if (v == nullptr)
    {
        return;
    }
    if (!v->is_object())
    {
        diag.Error("/set", "expected an object of JSON pointer to value, got " + JsonTypeName(*v));
        return;
    }
    for (const auto& [pointer, value] : v->items())
    {
        const std::string field = JsonPointerChild("/set", pointer);
        spec.set.emplace_back(pointer, value);
        if (!spec.scenario.is_object())
        {
            continue;
        }
        std::string error;
        const ScenarioJson* target = Resolve(spec.scenario, pointer, error);
        if (target == nullptr)
        {
            diag.Error(field, error);
            continue;
        }
        CheckType(*target, pointer, value, field, diag);
    }
}

/// Reads "parameters": [{path, values, name, zip}, ...].
void
ReadParameters(const JsonObjectReader& top, SweepSpec& spec, ScenarioDiagnostics& diag)
{
    for (const auto& at : top.GetArray("parameters", Need::Optional, false))
    {
        JsonObjectReader p(at.value, at.path, diag, kParameterKeys, "a parameter");
        if (!p.IsObject())
        {
            continue;
        }
        SweepParameter param;
        param.path = p.GetString("path", Need::Required).value_or("");
        param.zip = p.GetName("zip", Need::Optional).value_or("");
        if (auto name = p.GetString("name", Need::Optional))
        {
            if (!IsColumnName(*name))
            {
                diag.Error(p.PathOf("name"),
                           "must be a column name: letters, digits and '_', not starting with "
                           "a digit, at most 64 characters; got " +
                               Quote(*name));
            }
            param.column = *name;
        }
        else
        {
            param.column = ColumnName(param.path);
        }
        const ScenarioJson* target = nullptr;
        if (p.Has("path") && spec.scenario.is_object())
        {
            std::string error;
            target = Resolve(spec.scenario, param.path, error);
            if (target == nullptr)
            {
                diag.Error(p.PathOf("path"), error);
            }
        }
        std::map<std::string, std::string> seen; // a value's JSON -> where it was first given
        for (const auto& value : p.GetArray("values", Need::Required, true))
        {
            const auto [first, fresh] = seen.emplace(value.value->dump(), value.path);
            if (!fresh)
            {
                // The same value twice is the same point (one key, one index row) run twice.
                diag.Error(value.path, value.value->dump() + " is already given at " +
                                           first->second + ": each value once (runs repeats a "
                                           "point; see \"runs\")");
                continue;
            }
            param.values.push_back(*value.value);
            if (target != nullptr)
            {
                CheckType(*target, param.path, *value.value, value.path, diag);
            }
        }
        spec.parameters.push_back(param);
    }
}

/// Checks across parameters: unique and non-overlapping paths, unique columns, zip lengths.
void
CheckParameters(SweepSpec& spec, ScenarioDiagnostics& diag)
{
    std::vector<std::pair<std::string, std::string>> paths; // pointer, field that set it
    for (const auto& [pointer, value] : spec.set)
    {
        paths.emplace_back(pointer, JsonPointerChild("/set", pointer));
    }
    std::map<std::string, std::size_t> columns;
    std::map<std::string, std::pair<std::size_t, std::size_t>> groups; // zip -> (first, length)
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    {
        auto& param = spec.parameters[i];
        const std::string field = "/parameters/" + std::to_string(i);
        for (const auto& [other, otherField] : paths)
        {
            if (!param.path.empty() && Overlaps(param.path, other))
            {
                diag.Error(field + "/path",
                           Quote(param.path) + " overlaps " + Quote(other) + " (" + otherField +
                               "): a value can be set only once");
            }
        }
        paths.emplace_back(param.path, field + "/path");
        if (std::find(kReservedColumns.begin(), kReservedColumns.end(), param.column) !=
            kReservedColumns.end())
        {
            diag.Error(field + (param.column == ColumnName(param.path) ? "/path" : "/name"),
                       "column name " + Quote(param.column) +
                           " is reserved for the index; give the parameter a \"name\"");
        }
        else if (auto it = columns.find(param.column); it != columns.end())
        {
            diag.Error(field + "/name",
                       "column name " + Quote(param.column) + " is already used by /parameters/" +
                           std::to_string(it->second) + "; give the parameter another \"name\"");
        }
        columns.emplace(param.column, i);
        if (spec.zipAll)
        {
            param.zip = "all";
        }
        if (!param.zip.empty() && !param.values.empty())
        {
            auto [it, inserted] = groups.emplace(param.zip, std::make_pair(i, param.values.size()));
            if (!inserted && it->second.second != param.values.size())
            {
                diag.Error(field + "/values",
                           "zipped lists must have the same length: " +
                               std::to_string(param.values.size()) + " values here, " +
                               std::to_string(it->second.second) + " at /parameters/" +
                               std::to_string(it->second.first) + "/values");
            }
        }
    }
}

} // namespace

std::string
ColumnName(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (std::isalnum(static_cast<unsigned char>(c)))
        {
            out += c;
        }
        else if (!out.empty() && out.back() != '_')
        {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_')
    {
        out.pop_back();
    }
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    {
        out = "p_" + out;
    }
    return out.substr(0, 64);
}

SweepSpec
ParseSweepSpec(const std::string& text, const std::string& source, const std::string& baseDir)
{
    NS_LOG_FUNCTION(source << baseDir);
    ScenarioDiagnostics diag;
    ScenarioJson doc;
    if (!ParseJsonDocument(text, doc, diag) || diag.HasErrors())
    {
        throw SweepSpecError(source, diag.SortedErrors());
    }
    SweepSpec spec;
    spec.source = source;
    JsonObjectReader top(&doc, "", diag, kSpecKeys, "a sweep spec");
    if (!top.IsObject())
    {
        throw SweepSpecError(source, diag.SortedErrors());
    }
    spec.name =
        top.GetName("name", Need::Optional)
            .value_or(fs::path(source).stem().string().empty() ? "sweep"
                                                               : fs::path(source).stem().string());
    if (spec.name.find('/') != std::string::npos || spec.name.rfind('.', 0) == 0)
    {
        // The default directory is sweeps/<name>: a name must not lead out of it.
        diag.Error("/name", "must not contain '/' or start with '.', got '" + spec.name + "'");
    }
    spec.description = top.GetString("description", Need::Optional).value_or("");
    ReadBaseScenario(top, baseDir, spec, diag);
    if (auto dataDir = top.GetString("dataDir", Need::Optional); dataDir && !dataDir->empty())
    {
        spec.dataDir = *dataDir; // a frozen sweep.json: where the spec's scenario came from
    }
    ReadFixed(top, spec, diag);
    spec.zipAll =
        top.GetChoice("combine", Need::Optional, {"grid", "zip"}, "combination").value_or("grid") ==
        "zip";
    ReadParameters(top, spec, diag);
    spec.runs = top.GetU32("runs", Need::Optional, 1, 100000).value_or(1);
    // ns-3's generator refuses larger seeds (the simulator's own limit, kMaxRngSeed).
    spec.seed = top.GetU32("seed", Need::Optional, 1, kMaxRngSeed).value_or(1);
    if (auto timeout = top.GetDuration("timeout", Need::Optional, true))
    {
        spec.timeout = top.GetString("timeout", Need::Optional).value_or(spec.timeout);
        spec.timeoutSeconds = timeout->GetSeconds();
    }
    spec.engine = top.GetChoice("engine", Need::Optional, {"packet", "flow"}, "data-plane engine")
                      .value_or("");
    CheckParameters(spec, diag);
    if (!diag.HasErrors() && CountPoints(spec) * spec.runs > kMaxRuns)
    {
        diag.Error("/parameters",
                   "the sweep has " + std::to_string(CountPoints(spec)) + " points x " +
                       std::to_string(spec.runs) + " runs, more than the " +
                       std::to_string(kMaxRuns) + " runs a sweep may have");
    }
    if (diag.HasErrors())
    {
        throw SweepSpecError(source, diag.SortedErrors());
    }
    return spec;
}

SweepSpec
LoadSweepSpecFile(const std::string& path)
{
    std::string error;
    const std::string text = ReadFile(path, error);
    if (!error.empty())
    {
        throw SweepSpecError(path, {ScenarioError{"", "cannot open: " + error, 0, 0}});
    }
    return ParseSweepSpec(text, path, fs::path(path).parent_path().string());
}

void
ValidatePoints(const SweepSpec& spec, Ptr<Geography> geography)
{
    NS_LOG_FUNCTION(spec.source);
    std::vector<ScenarioError> errors;
    std::set<std::string> seen;
    std::size_t more = 0;
    for (const auto& point : ExpandPoints(spec))
    {
        const std::string name = "point " + std::to_string(point.index);
        try
        {
            LoadScenarioString(PointScenario(spec, point).dump(2), name, geography);
        }
        catch (const ScenarioLoadError& e)
        {
            for (const auto& err : e.GetErrors())
            {
                std::string field = "/parameters";
                for (std::size_t i = 0; i < spec.parameters.size(); ++i)
                {
                    if (Overlaps(spec.parameters[i].path, err.path) &&
                        err.path.size() >= spec.parameters[i].path.size())
                    {
                        field = "/parameters/" + std::to_string(i) + "/values/" +
                                std::to_string(point.choice[i]);
                    }
                }
                for (const auto& [pointer, value] : spec.set)
                {
                    if (Overlaps(pointer, err.path) && err.path.size() >= pointer.size())
                    {
                        field = JsonPointerChild("/set", pointer);
                    }
                }
                const std::string where = err.line > 0 ? "" : (err.path.empty() ? "/" : err.path);
                if (!seen.insert(field + "\n" + where + "\n" + err.message).second)
                {
                    continue;
                }
                if (errors.size() >= kMaxPointErrors)
                {
                    ++more;
                    continue;
                }
                const std::string desc = DescribePoint(spec, point.values);
                errors.push_back(ScenarioError{field,
                                               "the scenario of " + name +
                                                   (desc.empty() ? "" : " (" + desc + ")") +
                                                   " is refused: " + where + ": " + err.message,
                                               0,
                                               0});
            }
        }
    }
    if (more > 0)
    {
        errors.push_back(
            ScenarioError{"/parameters", "and " + std::to_string(more) + " more errors", 0, 0});
    }
    if (!errors.empty())
    {
        throw SweepSpecError(spec.source, errors);
    }
}

ScenarioJson
FrozenSpec(const SweepSpec& spec)
{
    ScenarioJson j;
    j["name"] = spec.name;
    if (!spec.description.empty())
    {
        j["description"] = spec.description;
    }
    if (!spec.scenarioFile.empty())
    {
        j["scenarioFile"] = spec.scenarioFile;
    }
    if (!spec.dataDir.empty())
    {
        j["dataDir"] = spec.dataDir;
    }
    j["scenario"] = spec.scenario;
    if (!spec.set.empty())
    {
        ScenarioJson set = ScenarioJson::object();
        for (const auto& [pointer, value] : spec.set)
        {
            set[pointer] = value;
        }
        j["set"] = set;
    }
    j["parameters"] = ScenarioJson::array();
    for (const auto& p : spec.parameters)
    {
        ScenarioJson param;
        param["path"] = p.path;
        param["name"] = p.column;
        if (!p.zip.empty() && !spec.zipAll)
        {
            param["zip"] = p.zip;
        }
        param["values"] = p.values;
        j["parameters"].push_back(param);
    }
    j["combine"] = spec.zipAll ? "zip" : "grid";
    j["runs"] = spec.runs;
    j["seed"] = spec.seed;
    j["timeout"] = spec.timeout;
    if (!spec.engine.empty())
    {
        j["engine"] = spec.engine;
    }
    return j;
}

} // namespace expressroute
} // namespace ns3
