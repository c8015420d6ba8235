using Hearth.Core.Rules;

namespace Hearth.Core.Tests.Rules;

/// <summary>An event's attributes read lazily answer exactly as the whole object parsed at once.</summary>
public class EventAttributesTests
{
    public static TheoryData<string> Objects => new()
    {
        """{"category":"SUSP","sessions":"4","la_estab":"9994001"}""",
        """{"present":114,"sessions_possible":140,"flag":true,"none":null}""",
        """{"nested":{"category":"PERM"},"list":[1,2,{"a":"b"}],"category":"LNCH"}""",
        """{"name":"O\u2019Neill \"Jo\"","café":"yes","empty":""}""",
        """{}""",
        """[1,2]""",
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Lazy_AnswersEveryLookUpAsParse(string json)
    {
        var parsed = EventAttributes.Parse(json);
        foreach (var lazy in new[] { EventAttributes.Lazy(json), EventAttributes.Lazy(System.Text.Encoding.UTF8.GetBytes(json)) })
        {
            Same(parsed, lazy);
        }
    }

    private static void Same(IReadOnlyDictionary<string, string> parsed, IReadOnlyDictionary<string, string> lazy)
    {
        foreach (var key in new[] { "category", "sessions", "present", "sessions_possible", "flag", "none", "nested", "list", "name", "café", "empty", "missing", "la_estab", "category" })
        {
            lazy.TryGetValue(key, out var lazyValue).ShouldBe(parsed.TryGetValue(key, out var parsedValue), key);
            lazyValue.ShouldBe(parsedValue, key);
        }

        lazy.OrderBy(p => p.Key, StringComparer.Ordinal).ShouldBe(parsed.OrderBy(p => p.Key, StringComparer.Ordinal));
        lazy.Count.ShouldBe(parsed.Count);
    }

    [Fact]
    public void Lazy_NestedPropertyOfTheSameName_IsNotTheTopLevelOne()
    {
        var lazy = EventAttributes.Lazy("""{"outer":{"role":"Victim"},"role":"Suspect"}""");

        lazy["role"].ShouldBe("Suspect");
        Should.Throw<KeyNotFoundException>(() => lazy["victim"]);
    }

    [Fact]
    public void Lazy_ReadFromManyThreadsAtOnce_AlwaysAnswersRight()
    {
        const string json = """{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"}""";
        var keys = new[] { "a", "b", "c", "d", "e", "f", "g" };
        for (var round = 0; round < 50; round++)
        {
            var lazy = EventAttributes.Lazy(json);
            var wrong = 0;
            Parallel.For(0, 2_000, i =>
            {
                var key = keys[i % keys.Length];
                var found = lazy.TryGetValue(key, out var value);
                if (found != (key != "g") || (found && value != ((key[0] - 'a') + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    Interlocked.Increment(ref wrong);
                }
            });
            wrong.ShouldBe(0);
        }
    }

    [Fact]
    public void Lazy_NoJson_IsEmpty()
    {
        EventAttributes.Lazy((string?)null).Count.ShouldBe(0);
        EventAttributes.Lazy((byte[]?)null).Count.ShouldBe(0);
        EventAttributes.Lazy("").ContainsKey("a").ShouldBeFalse();
    }
}
