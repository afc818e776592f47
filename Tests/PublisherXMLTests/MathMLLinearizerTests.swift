import Testing
@testable import PublisherXML

/// MathML as one line of text.
@Suite struct MathMLLinearizerTests {
    /// Linearizes a `math` element given as XML, through the reader (MathML namespace).
    func linear(_ inner: String) -> String {
        let xml = "<article><body><p><mml:math xmlns:mml=\"http://www.w3.org/1998/Math/MathML\">\(inner)</mml:math></p></body></article>"
        return XMLTestSupport.read(xml).text
    }

    @Test func tokensAreConcatenated() {
        #expect(linear("<mml:mi>x</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn>") == "x=2")
        #expect(linear("<mml:mi>sin</mml:mi><mml:mo>\u{2061}</mml:mo><mml:mi>θ</mml:mi><mml:mo>\u{2062}</mml:mo><mml:mi>r</mml:mi>") == "sin θr")
    }

    @Test func scriptsUseUnderscoreAndCaretWithBracesForLongScripts() {
        #expect(linear("<mml:msub><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msub>") == "x_2")
        #expect(linear("<mml:msub><mml:mi>x</mml:mi><mml:mrow><mml:mi>a</mml:mi><mml:mi>b</mml:mi></mml:mrow></mml:msub>") == "x_{ab}")
        #expect(linear("<mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup>") == "x^2")
        #expect(linear("<mml:msubsup><mml:mi>p</mml:mi><mml:mi>T</mml:mi><mml:mn>2</mml:mn></mml:msubsup>") == "p_T^2")
        #expect(linear("<mml:msup><mml:mn>10</mml:mn><mml:mrow><mml:mo>−</mml:mo><mml:mn>3</mml:mn></mml:mrow></mml:msup>") == "10^{−3}")
    }

    @Test func fractionsRootsAndFences() {
        #expect(linear("<mml:mfrac><mml:mi>a</mml:mi><mml:mi>b</mml:mi></mml:mfrac>") == "(a)/(b)")
        #expect(linear("<mml:msqrt><mml:mi>x</mml:mi><mml:mo>+</mml:mo><mml:mn>1</mml:mn></mml:msqrt>") == "sqrt(x+1)")
        #expect(linear("<mml:mroot><mml:mi>x</mml:mi><mml:mn>3</mml:mn></mml:mroot>") == "sqrt[3](x)")
        #expect(linear("<mml:mfenced><mml:mi>a</mml:mi><mml:mi>b</mml:mi></mml:mfenced>") == "(a,b)")
        #expect(linear("<mml:mfenced open=\"[\" close=\"]\" separators=\";\"><mml:mi>a</mml:mi><mml:mi>b</mml:mi><mml:mi>c</mml:mi></mml:mfenced>") == "[a;b;c]")
    }

    @Test func underOverAndAccents() {
        #expect(linear("<mml:munderover><mml:mo>∑</mml:mo><mml:mrow><mml:mi>i</mml:mi><mml:mo>=</mml:mo><mml:mn>1</mml:mn></mml:mrow><mml:mi>n</mml:mi></mml:munderover><mml:msub><mml:mi>x</mml:mi><mml:mi>i</mml:mi></mml:msub>")
                == "∑_{i=1}^nx_i")
        #expect(linear("<mml:munder><mml:mo>lim</mml:mo><mml:mrow><mml:mi>x</mml:mi><mml:mo>→</mml:mo><mml:mn>0</mml:mn></mml:mrow></mml:munder>") == "lim_{x→0}")
        #expect(linear("<mml:mover accent=\"true\"><mml:mi>v</mml:mi><mml:mo>→</mml:mo></mml:mover>") == "v→")
        #expect(linear("<mml:mover><mml:mi>x</mml:mi><mml:mo>¯</mml:mo></mml:mover>") == "x¯")
        #expect(linear("<mml:mover><mml:mi>A</mml:mi><mml:mi>B</mml:mi></mml:mover>") == "A^B")
    }

    @Test func tablesSpacesPhantomsAndSemantics() {
        #expect(linear("<mml:mtable><mml:mtr><mml:mtd><mml:mi>a</mml:mi></mml:mtd><mml:mtd><mml:mi>b</mml:mi></mml:mtd></mml:mtr><mml:mtr><mml:mtd><mml:mi>c</mml:mi></mml:mtd><mml:mtd><mml:mi>d</mml:mi></mml:mtd></mml:mtr></mml:mtable>")
                == "a b; c d")
        #expect(linear("<mml:mn>5</mml:mn><mml:mspace width=\"0.2em\"/><mml:mtext>TeV</mml:mtext>") == "5 TeV")
        #expect(linear("<mml:mi>a</mml:mi><mml:mphantom><mml:mi>b</mml:mi></mml:mphantom>") == "a")
        #expect(linear("<mml:semantics><mml:mi>x</mml:mi><mml:annotation encoding=\"application/x-tex\">x</mml:annotation></mml:semantics>") == "x")
        #expect(linear("<mml:mmultiscripts><mml:mi>C</mml:mi><mml:mprescripts/><mml:mn>6</mml:mn><mml:mn>14</mml:mn></mml:mmultiscripts>") == "_6^{14}C")
    }

    @Test func unprefixedMathInJATSIsMathMLToo() {
        let xml = "<article><body><p>area <math><msup><mi>r</mi><mn>2</mn></msup></math></p></body></article>"
        #expect(XMLTestSupport.read(xml).text == "area r^2")
    }
}
