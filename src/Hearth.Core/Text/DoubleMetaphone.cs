namespace Hearth.Core.Text;

/// <summary>The two Double Metaphone codes of a name.</summary>
/// <param name="Primary">The code of the most likely (usually English) pronunciation.</param>
/// <param name="Alternate">
/// The code of another likely pronunciation (for example the Germanic, Slavic or Spanish one); equal to
/// <paramref name="Primary"/> when the name has only one.
/// </param>
public readonly record struct PhoneticCode(string Primary, string Alternate);

/// <summary>
/// Lawrence Philips' Double Metaphone (C/C++ Users Journal, June 2000): a phonetic code for names of many origins
/// (English, Slavic, Germanic, Celtic, Greek, French, Italian, Spanish, Chinese and others), with a primary and an
/// alternate code. Two names sound alike when <see cref="Agree"/> holds. The rules follow Philips' reference
/// implementation; see docs/matching.md for the few places where ports differ and which reading this one takes.
/// </summary>
public static class DoubleMetaphone
{
    /// <summary>
    /// Encodes a name key (upper-case ASCII letters, such as <c>OBRIEN</c>); lower-case letters are upper-cased first.
    /// Other characters produce no sound of their own. Codes use the letters A F H J K L M N P R S T X and
    /// <c>0</c> (zero) for "th", and are cut to <paramref name="maxLength"/> characters (4, the reference length, by
    /// default). An empty key gives empty codes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is less than 1.</exception>
    public static PhoneticCode Encode(string key, int maxLength = 4)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (key.Length == 0)
        {
            return new PhoneticCode(string.Empty, string.Empty);
        }

        if (key.AsSpan().IndexOfAnyInRange('a', 'z') >= 0)
        {
            key = key.ToUpperInvariant();
        }

        var primary = maxLength <= 64 ? stackalloc char[maxLength] : new char[maxLength];
        var alternate = maxLength <= 64 ? stackalloc char[maxLength] : new char[maxLength];
        var encoder = new Encoder(key, primary, alternate);
        encoder.Run();
        return encoder.Result();
    }

    /// <summary>
    /// Whether two codes sound alike: some code of one (primary or alternate) equals some code of the other and is not
    /// empty. <c>SMITH</c> (SM0/XMT) agrees with <c>SCHMIDT</c> (XMT/SMT) through XMT.
    /// </summary>
    public static bool Agree(PhoneticCode a, PhoneticCode b) =>
        Same(a.Primary, b.Primary) || Same(a.Primary, b.Alternate) || Same(a.Alternate, b.Primary) || Same(a.Alternate, b.Alternate);

    private static bool Same(string? x, string? y) => !string.IsNullOrEmpty(x) && string.Equals(x, y, StringComparison.Ordinal);

    /// <summary>
    /// One encoding in progress. The word is read as if padded with spaces past its end, as the reference pads it, so
    /// that rules looking for a following space see the end of the word.
    /// </summary>
    private ref struct Encoder
    {
        private readonly ReadOnlySpan<char> _word;
        private readonly int _last;
        private readonly bool _slavoGermanic;
        private readonly Span<char> _primary;
        private readonly Span<char> _alternate;
        private int _primaryLength;
        private int _alternateLength;

        public Encoder(ReadOnlySpan<char> word, Span<char> primary, Span<char> alternate)
        {
            _word = word;
            _last = word.Length - 1;
            _primary = primary;
            _alternate = alternate;
            // Names with W, K, CZ (or WITZ) are taken to be Slavic or Germanic, which changes several rules.
            _slavoGermanic = word.ContainsAny('W', 'K') || word.IndexOf("CZ", StringComparison.Ordinal) >= 0;
        }

        public readonly PhoneticCode Result()
        {
            var primary = new string(_primary[.._primaryLength]);
            ReadOnlySpan<char> alternate = _alternate[.._alternateLength];
            return new PhoneticCode(primary, alternate.SequenceEqual(primary) ? primary : new string(alternate));
        }

        public void Run()
        {
            var current = 0;

            // Silent first letters: GNOME, KNIGHT, PNEUMONIA, WRIGHT, PSYCHE.
            if (Matches(0, "GN", "KN", "PN", "WR", "PS"))
            {
                current = 1;
            }

            // Initial X sounds as Z, which is coded S: XAVIER.
            if (At(0) == 'X')
            {
                Add("S");
                current = 1;
            }

            while ((_primaryLength < _primary.Length || _alternateLength < _alternate.Length) && current < _word.Length)
            {
                current = _word[current] switch
                {
                    'A' or 'E' or 'I' or 'O' or 'U' or 'Y' => Vowel(current),
                    'B' => Simple(current, "P", 'B'),
                    'C' => C(current),
                    'D' => D(current),
                    'F' => Simple(current, "F", 'F'),
                    'G' => G(current),
                    'H' => H(current),
                    'J' => J(current),
                    'K' => Simple(current, "K", 'K'),
                    'L' => L(current),
                    'M' => M(current),
                    'N' => Simple(current, "N", 'N'),
                    'P' => P(current),
                    'Q' => Simple(current, "K", 'Q'),
                    'R' => R(current),
                    'S' => S(current),
                    'T' => T(current),
                    'V' => Simple(current, "F", 'V'),
                    'W' => W(current),
                    'X' => X(current),
                    'Z' => Z(current),
                    _ => current + 1,
                };
            }
        }

        private int Vowel(int current)
        {
            // Only a first vowel is coded, and every first vowel is coded A.
            if (current == 0)
            {
                Add("A");
            }

            return current + 1;
        }

        // A letter with one sound, whose doubling is skipped.
        private int Simple(int current, string code, char doubled)
        {
            Add(code);
            return At(current + 1) == doubled ? current + 2 : current + 1;
        }

        private int C(int current)
        {
            // Various Germanic: BACHER, MACHER, but not -ACHI- or -ACHE- otherwise.
            if (current > 1
                && !IsVowel(current - 2)
                && Matches(current - 1, "ACH")
                && At(current + 2) != 'I'
                && (At(current + 2) != 'E' || Matches(current - 2, "BACHER", "MACHER")))
            {
                Add("K");
                return current + 2;
            }

            if (current == 0 && Matches(current, "CAESAR"))
            {
                Add("S");
                return current + 2;
            }

            // Italian CHIANTI.
            if (Matches(current, "CHIA"))
            {
                Add("K");
                return current + 2;
            }

            if (Matches(current, "CH"))
            {
                return Ch(current);
            }

            // CZERNY.
            if (Matches(current, "CZ") && !Matches(current - 2, "WICZ"))
            {
                Add("S", "X");
                return current + 2;
            }

            // FOCACCIA.
            if (Matches(current + 1, "CIA"))
            {
                Add("X");
                return current + 3;
            }

            // Double C, but not as in MCCLELLAND.
            if (Matches(current, "CC") && !(current == 1 && At(0) == 'M'))
            {
                // BELLOCCHIO but not BACCHUS.
                if (Matches(current + 2, "I", "E", "H") && !Matches(current + 2, "HU"))
                {
                    // ACCIDENT, ACCEDE, SUCCEED; otherwise Italian BACCI, BERTUCCI.
                    Add((current == 1 && At(current - 1) == 'A') || Matches(current - 1, "UCCEE", "UCCES") ? "KS" : "X");
                    return current + 3;
                }

                // Pierce's rule.
                Add("K");
                return current + 2;
            }

            if (Matches(current, "CK", "CG", "CQ"))
            {
                Add("K");
                return current + 2;
            }

            if (Matches(current, "CI", "CE", "CY"))
            {
                // Italian against English.
                if (Matches(current, "CIO", "CIE", "CIA"))
                {
                    Add("S", "X");
                }
                else
                {
                    Add("S");
                }

                return current + 2;
            }

            Add("K");

            // MAC CAFFREY, MAC GREGOR written as two words.
            if (Matches(current + 1, " C", " Q", " G"))
            {
                return current + 3;
            }

            return Matches(current + 1, "C", "K", "Q") && !Matches(current + 1, "CE", "CI") ? current + 2 : current + 1;
        }

        private int Ch(int current)
        {
            // MICHAEL.
            if (current > 0 && Matches(current, "CHAE"))
            {
                Add("K", "X");
                return current + 2;
            }

            // Greek roots: CHEMISTRY, CHORUS, CHARACTER, CHARISMA, but not CHORE.
            if (current == 0
                && (Matches(current + 1, "HARAC", "HARIS") || Matches(current + 1, "HOR", "HYM", "HIA", "HEM"))
                && !Matches(0, "CHORE"))
            {
                Add("K");
                return current + 2;
            }

            // Germanic, Greek or otherwise CH for a KH sound: ARCHITECT, ORCHESTRA, ORCHID (but not ARCH), WACHTLER,
            // WECHSLER (but not TICHNER).
            if (Matches(0, "VAN ", "VON ")
                || Matches(0, "SCH")
                || Matches(current - 2, "ORCHES", "ARCHIT", "ORCHID")
                || Matches(current + 2, "T", "S")
                || ((Matches(current - 1, "A", "O", "U", "E") || current == 0)
                    && Matches(current + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ")))
            {
                Add("K");
            }
            else if (current > 0)
            {
                // MCHUGH.
                if (Matches(0, "MC"))
                {
                    Add("K");
                }
                else
                {
                    Add("X", "K");
                }
            }
            else
            {
                Add("X");
            }

            return current + 2;
        }

        private int D(int current)
        {
            if (Matches(current, "DG"))
            {
                // EDGE; otherwise EDGAR.
                if (Matches(current + 2, "I", "E", "Y"))
                {
                    Add("J");
                    return current + 3;
                }

                Add("TK");
                return current + 2;
            }

            Add("T");
            return Matches(current, "DT", "DD") ? current + 2 : current + 1;
        }

        private int G(int current)
        {
            if (At(current + 1) == 'H')
            {
                return Gh(current);
            }

            if (At(current + 1) == 'N')
            {
                if (current == 1 && IsVowel(0) && !_slavoGermanic)
                {
                    Add("KN", "N");
                }
                else if (!Matches(current + 2, "EY") && At(current + 1) != 'Y' && !_slavoGermanic)
                {
                    // Not as in CAGNEY.
                    Add("N", "KN");
                }
                else
                {
                    Add("KN");
                }

                return current + 2;
            }

            // TAGLIARO.
            if (Matches(current + 1, "LI") && !_slavoGermanic)
            {
                Add("KL", "L");
                return current + 2;
            }

            // -GES-, -GEP-, -GEL-, -GIE- and the like at the beginning.
            if (current == 0
                && (At(current + 1) == 'Y'
                    || Matches(current + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")))
            {
                Add("K", "J");
                return current + 2;
            }

            // -GER-, -GY-.
            if ((Matches(current + 1, "ER") || At(current + 1) == 'Y')
                && !Matches(0, "DANGER", "RANGER", "MANGER")
                && !Matches(current - 1, "E", "I")
                && !Matches(current - 1, "RGY", "OGY"))
            {
                Add("K", "J");
                return current + 2;
            }

            // Italian BIAGGI.
            if (Matches(current + 1, "E", "I", "Y") || Matches(current - 1, "AGGI", "OGGI"))
            {
                if (Matches(0, "VAN ", "VON ") || Matches(0, "SCH") || Matches(current + 1, "ET"))
                {
                    // Obviously Germanic.
                    Add("K");
                }
                else if (Matches(current + 1, "IER "))
                {
                    // Always soft before a French ending.
                    Add("J");
                }
                else
                {
                    Add("J", "K");
                }

                return current + 2;
            }

            Add("K");
            return At(current + 1) == 'G' ? current + 2 : current + 1;
        }

        private int Gh(int current)
        {
            if (current > 0 && !IsVowel(current - 1))
            {
                Add("K");
                return current + 2;
            }

            // GHISLANE, GHIRADELLI.
            if (current == 0)
            {
                Add(At(current + 2) == 'I' ? "J" : "K");
                return current + 2;
            }

            // Parker's rule, with refinements: HUGH, BOUGH, BROUGHTON.
            if ((current > 1 && Matches(current - 2, "B", "H", "D"))
                || (current > 2 && Matches(current - 3, "B", "H", "D"))
                || (current > 3 && Matches(current - 4, "B", "H")))
            {
                return current + 2;
            }

            // LAUGH, MCLAUGHLIN, COUGH, GOUGH, ROUGH, TOUGH.
            if (current > 2 && At(current - 1) == 'U' && Matches(current - 3, "C", "G", "L", "R", "T"))
            {
                Add("F");
            }
            else if (current > 0 && At(current - 1) != 'I')
            {
                Add("K");
            }

            return current + 2;
        }

        private int H(int current)
        {
            // Kept only when first or after a vowel, and before a vowel; this also skips HH.
            if ((current == 0 || IsVowel(current - 1)) && IsVowel(current + 1))
            {
                Add("H");
                return current + 2;
            }

            return current + 1;
        }

        private int J(int current)
        {
            // Obviously Spanish: JOSE, SAN JACINTO.
            if (Matches(current, "JOSE") || Matches(0, "SAN "))
            {
                if ((current == 0 && At(current + 4) == ' ') || Matches(0, "SAN "))
                {
                    Add("H");
                }
                else
                {
                    Add("J", "H");
                }

                return current + 1;
            }

            if (current == 0)
            {
                // YANKELOVICH, JANKELOWICZ.
                Add("J", "A");
            }
            else if (IsVowel(current - 1) && !_slavoGermanic && (At(current + 1) == 'A' || At(current + 1) == 'O'))
            {
                // Spanish, as in BAJADOR.
                Add("J", "H");
            }
            else if (current == _last)
            {
                AddPrimary("J");
            }
            else if (!Matches(current + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !Matches(current - 1, "S", "K", "L"))
            {
                Add("J");
            }

            return At(current + 1) == 'J' ? current + 2 : current + 1;
        }

        private int L(int current)
        {
            if (At(current + 1) == 'L')
            {
                // Spanish: CABRILLO, GALLEGOS.
                if ((current == _word.Length - 3 && Matches(current - 1, "ILLO", "ILLA", "ALLE"))
                    || ((Matches(_last - 1, "AS", "OS") || Matches(_last, "A", "O")) && Matches(current - 1, "ALLE")))
                {
                    AddPrimary("L");
                    return current + 2;
                }

                Add("L");
                return current + 2;
            }

            Add("L");
            return current + 1;
        }

        private int M(int current)
        {
            Add("M");

            // DUMB, THUMB, and MM.
            return (Matches(current - 1, "UMB") && (current + 1 == _last || Matches(current + 2, "ER"))) || At(current + 1) == 'M'
                ? current + 2
                : current + 1;
        }

        private int P(int current)
        {
            if (At(current + 1) == 'H')
            {
                Add("F");
                return current + 2;
            }

            // Also CAMPBELL, RASPBERRY.
            Add("P");
            return Matches(current + 1, "P", "B") ? current + 2 : current + 1;
        }

        private int R(int current)
        {
            // French ROGIER, but not HOCHMEIER.
            if (current == _last && !_slavoGermanic && Matches(current - 2, "IE") && !Matches(current - 4, "ME", "MA"))
            {
                AddAlternate("R");
            }
            else
            {
                Add("R");
            }

            return At(current + 1) == 'R' ? current + 2 : current + 1;
        }

        private int S(int current)
        {
            // ISLAND, ISLE, CARLISLE, CARLYSLE.
            if (Matches(current - 1, "ISL", "YSL"))
            {
                return current + 1;
            }

            if (current == 0 && Matches(current, "SUGAR"))
            {
                Add("X", "S");
                return current + 1;
            }

            if (Matches(current, "SH"))
            {
                // Germanic.
                Add(Matches(current + 1, "HEIM", "HOEK", "HOLM", "HOLZ") ? "S" : "X");
                return current + 2;
            }

            // Italian and Armenian.
            if (Matches(current, "SIO", "SIA") || Matches(current, "SIAN"))
            {
                if (_slavoGermanic)
                {
                    Add("S");
                }
                else
                {
                    Add("S", "X");
                }

                return current + 3;
            }

            // German and anglicised: SMITH against SCHMIDT, SNIDER against SCHNEIDER; also Slavic -SZ- (S in
            // Hungarian).
            if ((current == 0 && Matches(current + 1, "M", "N", "L", "W")) || Matches(current + 1, "Z"))
            {
                Add("S", "X");
                return Matches(current + 1, "Z") ? current + 2 : current + 1;
            }

            if (Matches(current, "SC"))
            {
                return Sc(current);
            }

            // French RESNAIS, ARTOIS.
            if (current == _last && Matches(current - 2, "AI", "OI"))
            {
                AddAlternate("S");
            }
            else
            {
                Add("S");
            }

            return Matches(current + 1, "S", "Z") ? current + 2 : current + 1;
        }

        private int Sc(int current)
        {
            // Schlesinger's rule.
            if (At(current + 2) == 'H')
            {
                // Dutch: SCHOOL, SCHOONER; SCHERMERHORN, SCHENKER.
                if (Matches(current + 3, "OO", "ER", "EN", "UY", "ED", "EM"))
                {
                    if (Matches(current + 3, "ER", "EN"))
                    {
                        Add("X", "SK");
                    }
                    else
                    {
                        Add("SK");
                    }
                }
                else if (current == 0 && !IsVowel(3) && At(3) != 'W')
                {
                    Add("X", "S");
                }
                else
                {
                    Add("X");
                }

                return current + 3;
            }

            Add(Matches(current + 2, "I", "E", "Y") ? "S" : "SK");
            return current + 3;
        }

        private int T(int current)
        {
            if (Matches(current, "TION") || Matches(current, "TIA", "TCH"))
            {
                Add("X");
                return current + 3;
            }

            if (Matches(current, "TH") || Matches(current, "TTH"))
            {
                // THOMAS, THAMES, or Germanic.
                if (Matches(current + 2, "OM", "AM") || Matches(0, "VAN ", "VON ") || Matches(0, "SCH"))
                {
                    Add("T");
                }
                else
                {
                    Add("0", "T");
                }

                return current + 2;
            }

            Add("T");
            return Matches(current + 1, "T", "D") ? current + 2 : current + 1;
        }

        private int W(int current)
        {
            // WR, also in the middle of a word.
            if (Matches(current, "WR"))
            {
                Add("R");
                return current + 2;
            }

            if (current == 0 && (IsVowel(current + 1) || Matches(current, "WH")))
            {
                // WASSERMAN should match VASSERMAN; UOMO should match WOMO.
                if (IsVowel(current + 1))
                {
                    Add("A", "F");
                }
                else
                {
                    Add("A");
                }

                // The reference goes on to the rules below for the same W.
            }

            // ARNOW should match ARNOFF.
            if ((current == _last && IsVowel(current - 1))
                || Matches(current - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY")
                || Matches(0, "SCH"))
            {
                AddAlternate("F");
                return current + 1;
            }

            // Polish FILIPOWICZ.
            if (Matches(current, "WICZ", "WITZ"))
            {
                Add("TS", "FX");
                return current + 4;
            }

            return current + 1;
        }

        private int X(int current)
        {
            // French BREAUX.
            if (!(current == _last && (Matches(current - 3, "IAU", "EAU") || Matches(current - 2, "AU", "OU"))))
            {
                Add("KS");
            }

            return Matches(current + 1, "C", "X") ? current + 2 : current + 1;
        }

        private int Z(int current)
        {
            // Chinese pinyin: ZHAO, ZHANG.
            if (At(current + 1) == 'H')
            {
                Add("J");
                return current + 2;
            }

            if (Matches(current + 1, "ZO", "ZI", "ZA") || (_slavoGermanic && current > 0 && At(current - 1) != 'T'))
            {
                Add("S", "TS");
            }
            else
            {
                Add("S");
            }

            return At(current + 1) == 'Z' ? current + 2 : current + 1;
        }

        // The character at index, a space past the end (the reference's padding) and NUL before the start.
        private readonly char At(int index) =>
            index < 0 ? '\0' : index < _word.Length ? _word[index] : ' ';

        private readonly bool IsVowel(int index) =>
            index >= 0 && index < _word.Length && _word[index] is 'A' or 'E' or 'I' or 'O' or 'U' or 'Y';

        // Whether any of the patterns occurs at start (never before the start of the word).
        private readonly bool Matches(int start, params ReadOnlySpan<string> patterns)
        {
            if (start < 0)
            {
                return false;
            }

            foreach (var pattern in patterns)
            {
                var matched = true;
                for (var k = 0; k < pattern.Length; k++)
                {
                    if (At(start + k) != pattern[k])
                    {
                        matched = false;
                        break;
                    }
                }

                if (matched)
                {
                    return true;
                }
            }

            return false;
        }

        private void Add(string code)
        {
            AddPrimary(code);
            AddAlternate(code);
        }

        private void Add(string primary, string alternate)
        {
            AddPrimary(primary);
            AddAlternate(alternate);
        }

        // Appending stops at the maximum length, which gives the same codes as cutting them afterwards.
        private void AddPrimary(string code)
        {
            foreach (var c in code)
            {
                if (_primaryLength < _primary.Length)
                {
                    _primary[_primaryLength++] = c;
                }
            }
        }

        private void AddAlternate(string code)
        {
            foreach (var c in code)
            {
                if (_alternateLength < _alternate.Length)
                {
                    _alternate[_alternateLength++] = c;
                }
            }
        }
    }
}
