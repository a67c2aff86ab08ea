"""Exports the SavedModels the TF Serving format tests serve, into the model dir given as argv[1]:
  half_plus_three/1   a Keras model: y = sum(x) * 0.5 + 3 over 3 float inputs (signature serving_default)
  half_plus_three/2   the same with + 4, to test tfs-model-version
  multi/1             a tf.Module with two inputs and two outputs, plus classify and regress signatures
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402


def keras_model(path, bias):
    model = keras.Sequential([keras.Input(shape=(3,), name="x"),
                              keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.5),
                                                 bias_initializer=keras.initializers.Constant(bias))])
    model.export(path, verbose=False)


class Multi(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="a"),
                                  tf.TensorSpec([None], tf.string, name="word")])
    def predict(self, a, word):
        return {"double": a * 2.0, "shout": tf.strings.upper(word)}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def classify(self, serialized):
        parsed = tf.io.parse_example(serialized, {"x": tf.io.FixedLenFeature([], tf.float32)})
        p = tf.sigmoid(parsed["x"])
        scores = tf.stack([1.0 - p, p], axis=1)
        classes = tf.tile(tf.constant([["no", "yes"]]), [tf.shape(serialized)[0], 1])
        return {"classes": classes, "scores": scores}

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="inputs")])
    def regress(self, serialized):
        parsed = tf.io.parse_example(serialized, {"x": tf.io.FixedLenFeature([], tf.float32),
                                                  "k": tf.io.FixedLenFeature([], tf.int64)})
        return {"outputs": parsed["x"] * tf.cast(parsed["k"], tf.float32)}


def main(model_dir):
    keras_model(os.path.join(model_dir, "half_plus_three", "1"), 3.0)
    keras_model(os.path.join(model_dir, "half_plus_three", "2"), 4.0)
    multi = Multi()
    tf.saved_model.save(multi, os.path.join(model_dir, "multi", "1"),
                        signatures={"serving_default": multi.predict, "classify": multi.classify,
                                    "regress": multi.regress})


if __name__ == "__main__":
    main(sys.argv[1])
