// PDF/UA-1 check of PDF files with the veraPDF engine (run as: java -cp JARS Check.java FILE...).
// One JVM validates every file it is given: the tests start it once per session.
// Output, one line each, tab separated:
//   FILE <path> <compliant|failed>
//   RULE <path> <clause>-<test> <failed checks> <description of the first failure>
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Map;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.RuleId;

public class Check {
    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.fromString("ua1");
        int failed = 0;
        for (String path : args) {
            try (InputStream in = new FileInputStream(path);
                 PDFAParser parser = Foundries.defaultInstance().createParser(in, flavour)) {
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
                ValidationResult result = validator.validate(parser);
                System.out.println("FILE\t" + path + "\t" + (result.isCompliant() ? "compliant" : "failed"));
                if (!result.isCompliant()) {
                    failed++;
                }
                for (Map.Entry<RuleId, Integer> entry : result.getFailedChecks().entrySet()) {
                    RuleId rule = entry.getKey();
                    String id = rule.getClause() + "-" + rule.getTestNumber();
                    String message = "";
                    for (TestAssertion assertion : result.getTestAssertions()) {
                        if (assertion.getStatus() == TestAssertion.Status.FAILED
                                && assertion.getRuleId().equals(rule)) {
                            message = assertion.getMessage() + " @ " + assertion.getLocation().getContext();
                            break;
                        }
                    }
                    System.out.println("RULE\t" + path + "\t" + id + "\t" + entry.getValue() + "\t"
                            + message.replace('\t', ' ').replace('\n', ' '));
                }
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
