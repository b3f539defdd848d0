// Oracle for the Maven differential test: reads "A<TAB>B" lines and prints
// "<", "=" or ">" per line, as Maven's own ComparableVersion orders A and B.
// Run with: java -cp /usr/share/java/maven-artifact-3.x.jar MavenCompare.java
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenCompare {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, "UTF-8"));
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            int c = new ComparableVersion(line.substring(0, tab)).compareTo(new ComparableVersion(line.substring(tab + 1)));
            out.write(c < 0 ? "<" : c > 0 ? ">" : "=");
            out.newLine();
        }
        out.flush();
    }
}
