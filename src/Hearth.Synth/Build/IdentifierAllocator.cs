using System.Globalization;
using Hearth.Core.Common;
using Hearth.Synth.Randomness;

namespace Hearth.Synth.Build;

/// <summary>
/// Hands out unique, valid identifiers in a scattered but deterministic order: NHS numbers in the 999 test range,
/// National Insurance numbers, ULNs, and phone numbers and emails in ranges reserved for fiction.
/// </summary>
public sealed class IdentifierAllocator
{
    /// <summary>Valid NHS numbers in 999 000 0000 to 999 999 9999: about ten in eleven of the million nine-digit prefixes.</summary>
    public const int NhsTestRangeCapacity = 909_091;

    private const long NhsSpace = 1_000_000;
    private const long UlnSpace = 900_000_000;
    private static readonly string[] NinoPrefixes = BuildNinoPrefixes();

    private readonly long _nhsMultiplier;
    private readonly long _nhsOffset;
    private readonly long _ninoMultiplier;
    private readonly long _ninoOffset;
    private readonly long _ninoSpace = NinoPrefixes.Length * 1_000_000L;
    private readonly long _ulnMultiplier;
    private readonly long _ulnOffset;
    private long _nhsCursor;
    private long _ninoCursor;
    private long _ulnCursor;
    private readonly HashSet<string> _emails = new(StringComparer.Ordinal);

    public IdentifierAllocator(ulong seed)
    {
        var random = SynthRandom.For(seed, "identifiers");
        _nhsMultiplier = Coprime(NhsSpace, random);
        _nhsOffset = random.Next(0, (int)NhsSpace);
        _ninoMultiplier = Coprime(_ninoSpace, random);
        _ninoOffset = (long)(random.NextDouble() * _ninoSpace);
        _ulnMultiplier = Coprime(UlnSpace, random);
        _ulnOffset = (long)(random.NextDouble() * UlnSpace);
    }

    public int NhsNumbersIssued { get; private set; }

    /// <summary>The next unused valid NHS number in the test range, or null when the range is used up.</summary>
    public string? NextNhsNumber()
    {
        while (_nhsCursor < NhsSpace)
        {
            var index = ((_nhsCursor++ * _nhsMultiplier) + _nhsOffset) % NhsSpace;
            var firstNine = "999" + index.ToString("D6", CultureInfo.InvariantCulture);
            var nhs = NhsNumber.FromFirstNine(firstNine);
            if (nhs is not null)
            {
                NhsNumbersIssued++;
                return nhs.Value.Value;
            }
        }

        return null;
    }

    /// <summary>The next unused NI number in a valid format (the prefix and digits scattered, the suffix A to D).</summary>
    public string NextNino()
    {
        if (_ninoCursor >= _ninoSpace)
        {
            throw new InvalidOperationException("Every NI number has been issued.");
        }

        var value = ((_ninoCursor++ * _ninoMultiplier) + _ninoOffset) % _ninoSpace;
        var prefix = NinoPrefixes[value / 1_000_000];
        var digits = value % 1_000_000;
        var suffix = "ABCD"[(int)((value / 7) % 4)];
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{digits:D6}{suffix}");
    }

    /// <summary>The next unused valid ULN.</summary>
    public string NextUln()
    {
        while (true)
        {
            var value = 100_000_000 + (((_ulnCursor++ * _ulnMultiplier) + _ulnOffset) % UlnSpace);
            var uln = UniqueLearnerNumber.FromFirstNine(value.ToString(CultureInfo.InvariantCulture));
            if (uln is not null)
            {
                return uln.Value.Value;
            }
        }
    }

    /// <summary>A mobile number from Ofcom's range for drama (07700 900000 to 900999), so it can never ring anyone.</summary>
    public static string Mobile(SynthRandom random) => string.Create(CultureInfo.InvariantCulture, $"07700 900{random.Next(1000):D3}");

    /// <summary>
    /// The address itself if no one has it yet, else the same with the first free number after the local part. A mailbox
    /// belongs to one person: two people sharing an address by accident would be a generator's mistake, not a source's.
    /// </summary>
    public string ClaimEmail(string local, string domain)
    {
        var email = local + "@" + domain;
        for (var n = 2; !_emails.Add(email); n++)
        {
            email = local + n.ToString(CultureInfo.InvariantCulture) + "@" + domain;
        }

        return email;
    }

    /// <summary>A landline from Ofcom's drama ranges.</summary>
    public static string Landline(SynthRandom random)
    {
        string[] areas = ["0113 496", "0114 496", "0115 496", "0116 496", "0117 496", "0118 496", "0121 496", "0161 496"];
        return string.Create(CultureInfo.InvariantCulture, $"{areas[random.Next(areas.Length)]} {random.Next(1000):D4}");
    }

    private static long Coprime(long space, SynthRandom random)
    {
        while (true)
        {
            var candidate = (long)(random.NextDouble() * (space - 2)) + 1;
            if (Gcd(candidate, space) == 1)
            {
                return candidate;
            }
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static string[] BuildNinoPrefixes()
    {
        var prefixes = new List<string>();
        foreach (var first in NationalInsuranceNumber.FirstLetters)
        {
            foreach (var second in NationalInsuranceNumber.SecondLetters)
            {
                var prefix = string.Concat(first, second);
                // Prefixes beginning with O are administrative and rarely seen in real data, so we leave them out too.
                if (!NationalInsuranceNumber.ExcludedPrefixes.Contains(prefix, StringComparer.Ordinal) && first != 'O')
                {
                    prefixes.Add(prefix);
                }
            }
        }

        return [.. prefixes];
    }
}
